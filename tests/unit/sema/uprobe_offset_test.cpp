// uprobe offsets: one inside a function may split an instruction and corrupt
// the traced program, so it needs --unsafe (bpfsh can not disassemble in
// sema); one past the function's end is refused; a raw address must fall in
// a known function, which a stripped binary has none of.
#include <gtest/gtest.h>

#include <cstdio>

#include "host/elf_file.h"
#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

const std::string kTarget = BPFSH_PROBE_TARGET;
const char *kHint = "Use --unsafe to force attachment. WARNING: This option could lead to data corruption in the target process.";

test::Analysed check(const std::string &point, bool unsafe = false) {
  sema::SemaOptions o;
  o.unsafe = unsafe;
  return test::analyse("uprobe:" + point + " { }", o);
}

uint64_t fire_size() {
  for (const auto &f : host::function_spans(kTarget))
    if (f.name == "fire") return f.size;
  return 0;
}

std::string hex(uint64_t v) {
  char b[32];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}

TEST(UprobeOffset, AnOffsetInsideTheFunctionNeedsUnsafe) {
  auto a = check(kTarget + ":fire+1");
  EXPECT_EQ(a.first_error(), "Can't check if uprobe is in proper place (compiled without (k|u)probe offset support): " +
                                 kTarget + ":fire+1");
  ASSERT_FALSE(a.diags.all().empty());
  EXPECT_EQ(a.diags.all()[0].hints, std::vector<std::string>{kHint});
  auto u = check(kTarget + ":fire+1", true);
  EXPECT_TRUE(u.ok) << u.first_error();
  EXPECT_TRUE(check(kTarget + ":fire+0").ok);
}

TEST(UprobeOffset, AnOffsetPastTheFunctionIsRefusedEvenWithUnsafe) {
  uint64_t size = fire_size();
  ASSERT_GT(size, 0u);
  std::string want = "Offset outside the function bounds ('fire' size is " + std::to_string(size) + ")";
  EXPECT_EQ(check(kTarget + ":fire+" + std::to_string(size)).first_error(), want);
  EXPECT_EQ(check(kTarget + ":fire+" + std::to_string(size + 100), true).first_error(), want);
}

TEST(UprobeOffset, ARawAddressInsideAFunctionNeedsUnsafe) {
  auto at = host::symbol_address(kTarget, "fire");
  ASSERT_TRUE(at);
  EXPECT_TRUE(check(kTarget + ":" + hex(*at)).ok) << check(kTarget + ":" + hex(*at)).first_error();
  EXPECT_EQ(check(kTarget + ":" + hex(*at + 1)).first_error(),
            "Can't check if uprobe is in proper place (compiled without (k|u)probe offset support): " + kTarget +
                ":fire+1");
  EXPECT_TRUE(check(kTarget + ":" + hex(*at + 1), true).ok);
}

TEST(UprobeOffset, ARawAddressInAStrippedBinaryNeedsUnsafe) {
  // /bin/true is stripped: no function holds any of its addresses.
  auto layout = host::read_elf_layout("/bin/true");
  ASSERT_TRUE(layout);
  uint64_t text = 0;
  for (const auto &s : layout->loads)
    if (s.executable) text = s.vaddr;
  ASSERT_NE(text, 0u);
  if (!host::function_spans("/bin/true").empty()) GTEST_SKIP() << "/bin/true is not stripped here";
  auto a = check("/bin/true:" + hex(text));
  EXPECT_EQ(a.first_error(), "Could not resolve address: /bin/true:" + hex(text));
  EXPECT_TRUE(check("/bin/true:" + hex(text), true).ok);
}

}  // namespace
}  // namespace bpfsh
