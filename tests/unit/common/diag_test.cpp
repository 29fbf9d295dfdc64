#include <gtest/gtest.h>

#include "common/diag.h"
#include "common/format_string.h"

namespace bpfsh {
namespace {

TEST(Diag, RendersLocationSourceLineUnderlineAndHints) {
  SourceFile src{"script.bt", "BEGIN {\n\tprintf(\"%d\", $x);\n}\n"};
  Diagnostic d;
  d.range = {{2, 20}, {2, 21}};
  d.message = "Undefined or undeclared variable: $x";
  d.hints = {"assign it first"};
  EXPECT_EQ(render_diagnostic(d, src),
            "script.bt:2:20-21: ERROR: Undefined or undeclared variable: $x\n"
            "\tprintf(\"%d\", $x);\n"
            "\t                  ~~\n"
            "HINT: assign it first\n");
}

TEST(Diag, SingleColumnHasNoRange) {
  SourceFile src{"stdin", "BEGIN { ` }"};
  Diagnostic d;
  d.range = {{1, 9}, {1, 9}};
  d.message = "invalid character '`'";
  EXPECT_EQ(render_diagnostic(d, src), "stdin:1:9: ERROR: invalid character '`'\nBEGIN { ` }\n        ~\n");
}

TEST(FormatString, SplitsSpecsAndText) {
  auto f = parse_format("a=%-5lld b=%s %%done\n");
  ASSERT_TRUE(f.error.empty());
  EXPECT_EQ(f.spec_count(), 2u);
  EXPECT_EQ(f.pieces[1].flags, "-");
  EXPECT_EQ(f.pieces[1].width, "5");
  EXPECT_EQ(f.pieces[1].conv, 'd');
  EXPECT_EQ(f.pieces.back().text, " %done\n");
  EXPECT_FALSE(parse_format("%q").error.empty());
}

}  // namespace
}  // namespace bpfsh
