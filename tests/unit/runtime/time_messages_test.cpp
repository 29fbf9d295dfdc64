// time()/strftime() formatting and the text of run-time messages.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>

#include "runtime/messages.h"
#include "runtime/time_format.h"

namespace bpfsh::runtime {
namespace {

class Utc : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
  }
};

TEST_F(Utc, StrftimeFields) {
  timespec t{1700000000, 123456789};  // 2023-11-14 22:13:20 UTC
  EXPECT_EQ(format_time("%H:%M:%S\n", t), "22:13:20\n");
  EXPECT_EQ(format_time("%Y-%m-%d", t), "2023-11-14");
  EXPECT_EQ(format_time("%m/%d/%y", t), "11/14/23");
}

TEST_F(Utc, MicrosecondExtension) {
  EXPECT_EQ(format_time("%S.%f", timespec{1700000000, 123456789}), "20.123456");
  EXPECT_EQ(format_time("%f", timespec{0, 1000}), "000001");
  EXPECT_EQ(format_time("100%%f", timespec{0, 0}), "100%f");  // %% is a percent sign, not %f
}

TEST_F(Utc, EmptyAndLong) {
  EXPECT_EQ(format_time("", timespec{0, 0}), "");
  std::string fmt(500, 'x');
  EXPECT_EQ(format_time(fmt + "%Y", timespec{0, 0}), fmt + "1970");
}

SourceFile src() {
  SourceFile s;
  s.name = "stdin";
  s.text = "BEGIN { warnf(\"x %d\", 1); delete(@x[2]); }";
  return s;
}

TEST(RuntimeMessages, WarnfIsOneLocatedLine) {
  artifact::SiteSpec site{1, 9, 1, 24, ""};
  auto m = format_message(site, false, "x 1", src());
  EXPECT_EQ(m.text, "stdin:1:9-25: WARNING: x 1\n");
  EXPECT_EQ(m.kind, output::RuntimeMessage::Kind::Warnf);
  auto e = format_message(site, true, "x 1", src());
  EXPECT_EQ(e.text, "stdin:1:9-25: ERROR: x 1\n");
  EXPECT_EQ(e.line, 1);
  EXPECT_EQ(e.col, 9);
}

TEST(RuntimeMessages, HelperErrorUnderlinesTheCall) {
  artifact::SiteSpec site{1, 27, 1, 40, "map_delete_elem"};
  auto m = helper_message(site, -ENOENT, src());
  EXPECT_EQ(m.text,
            "stdin:1:27-41: WARNING: Can't delete map element because it does not exist.\n"
            "Additional Info - helper: map_delete_elem, retcode: -2\n"
            "BEGIN { warnf(\"x %d\", 1); delete(@x[2]); }\n"
            "                          ~~~~~~~~~~~~~~\n");
  EXPECT_EQ(m.msg, "No such file or directory");
  EXPECT_EQ(m.retcode, -2);
}

}  // namespace
}  // namespace bpfsh::runtime
