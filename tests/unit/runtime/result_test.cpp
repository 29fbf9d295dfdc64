// How the runtime's errors are printed: one-line messages after "ERROR: ",
// errors that point into the script as they were rendered.
#include "runtime/result.h"

#include <gtest/gtest.h>

namespace bpfsh::runtime {
namespace {

TEST(Result, LocatedErrorsArePrintedAsRendered) {
  std::string located = "stdin:1:9-22: ERROR: while loop that never ends\nBEGIN { while (1) { } }\n        ~~~~\n";
  EXPECT_TRUE(is_rendered(located));
  EXPECT_EQ(error_text(located), located);
  EXPECT_TRUE(is_rendered("/tmp/a b.bt:12:3: ERROR: x"));
  EXPECT_EQ(error_text("/tmp/a b.bt:12:3: ERROR: x"), "/tmp/a b.bt:12:3: ERROR: x\n");
  EXPECT_TRUE(is_rendered("s.bt:5-8: ERROR: while loop too long\n  while (1) {\n  }\n"));
}

TEST(Result, OtherErrorsGetTheLabel) {
  std::string plain = "probe 'BEGIN': failed to run: Cannot allocate memory";
  EXPECT_FALSE(is_rendered(plain));
  EXPECT_EQ(error_text(plain), "ERROR: " + plain + "\n");
  // The label later in the text, or on a later line, is not a location.
  EXPECT_FALSE(is_rendered("probe 'x': log says 1:2: ERROR: y"));
  EXPECT_FALSE(is_rendered("probe 'x': failed\nstdin:1:2: ERROR: y"));
}

}  // namespace
}  // namespace bpfsh::runtime
