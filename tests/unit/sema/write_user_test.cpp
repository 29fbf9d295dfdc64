// write_user(dst, src, len): --unsafe, never in bpfsh's own process, and a
// literal length the source holds.
#include <gtest/gtest.h>

#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

test::Analysed unsafe(const std::string &body) {
  sema::SemaOptions o;
  o.unsafe = true;
  return test::analyse("uprobe:/bin/bash:readline { " + body + " }", o);
}

TEST(WriteUser, NeedsUnsafe) {
  EXPECT_EQ(test::analyse("uprobe:/bin/bash:readline { write_user(arg1, \"x\", 1); }").first_error(),
            "write_user() is an unsafe function");
}

TEST(WriteUser, NotInBpfshsOwnProcess) {
  sema::SemaOptions o;
  o.unsafe = true;
  EXPECT_EQ(test::analyse("BEGIN { write_user(0, \"x\", 1); }", o).first_error(),
            "write_user() can not be used in BEGIN or END probes");
}

TEST(WriteUser, StringsAndIntegersGiveABool) {
  auto a = unsafe("$s = write_user(arg1, \"abc\", 3); $i = write_user(arg1, 7, 8); $p = write_user(arg1, arg2, 4);");
  ASSERT_TRUE(a.ok) << a.first_error();
}

TEST(WriteUser, TheLengthIsALiteralTheSourceHolds) {
  EXPECT_EQ(unsafe("write_user(arg1, \"abc\", arg2);").first_error(),
            "write_user()'s length must be an integer literal");
  EXPECT_EQ(unsafe("write_user(arg1, \"abc\", 5);").first_error(),
            "write_user() writes 1 to 4 bytes of this string, not 5");
  EXPECT_EQ(unsafe("write_user(arg1, 1, 9);").first_error(), "write_user() writes 1 to 8 bytes of an integer, not 9");
  EXPECT_EQ(unsafe("write_user(arg1, 1, 0);").first_error(), "write_user() writes 1 to 8 bytes of an integer, not 0");
}

TEST(WriteUser, WritesStringsOrIntegersToAnAddress) {
  EXPECT_EQ(unsafe("write_user(\"dst\", 1, 1);").first_error(),
            "write_user()'s destination must be an integer, not string");
  EXPECT_EQ(unsafe("write_user(arg1, (1, 2), 1);").first_error(),
            "write_user() writes a string or an integer, not (uint8,uint8)");
}

}  // namespace
}  // namespace bpfsh
