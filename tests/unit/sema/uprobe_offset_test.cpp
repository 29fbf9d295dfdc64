// uprobe offsets: one inside a function must start an instruction, as the
// host's disassembly of the function says (one inside an instruction would
// corrupt the traced program), unless --unsafe; one past the function's end
// is refused; a raw address must fall in a known function, which a stripped
// binary has none of.
#include <gtest/gtest.h>

#include <cstdio>

#include "host/elf_file.h"
#include "host/instruction_starts.h"
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

// Where `offset` bytes into `fn` is in the file: a uprobe is attached there.
uint64_t file_offset_in(const std::string &fn, uint64_t offset) {
  auto layout = host::read_elf_layout(kTarget);
  for (const auto &f : host::function_spans(kTarget))
    if (f.name == fn && layout) return layout->file_offset_of(f.address + offset).value_or(0);
  return 0;
}

std::vector<uint64_t> fire_starts() {
  for (const auto &f : host::function_spans(kTarget))
    if (f.name == "fire") return host::instruction_starts(kTarget, f).value_or(std::vector<uint64_t>{});
  return {};
}

// An offset one past the start of an instruction of several bytes: inside it.
uint64_t inside_an_instruction() {
  auto s = fire_starts();
  for (size_t i = 0; i + 1 < s.size(); i++)
    if (s[i + 1] - s[i] > 1) return s[i] + 1;
  return 0;
}

std::string hex(uint64_t v) {
  char b[32];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}

const Diagnostic *warning_of(const test::Analysed &a) {
  for (auto &d : a.diags.all())
    if (d.severity == Severity::Warning) return &d;
  return nullptr;
}

TEST(UprobeOffset, AnOffsetOnAnInstructionBoundaryNeedsNoUnsafe) {
  auto starts = fire_starts();
  ASSERT_GE(starts.size(), 2u);
  auto a = check(kTarget + ":fire+" + std::to_string(starts[1]));
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_TRUE(a.diags.all().empty());
  ASSERT_EQ(a.info.probes.size(), 1u);
  EXPECT_EQ(a.info.probes[0].offset, file_offset_in("fire", starts[1]));
  EXPECT_NE(file_offset_in("fire", starts[1]), 0u);
  EXPECT_TRUE(check(kTarget + ":fire+0").ok);
}

TEST(UprobeOffset, AnOffsetInsideAnInstructionIsRefusedUnlessUnsafe) {
  uint64_t off = inside_an_instruction();
  ASSERT_NE(off, 0u);
  std::string place = kTarget + ":fire+" + std::to_string(off);
  auto a = check(kTarget + ":fire+" + std::to_string(off));
  EXPECT_EQ(a.first_error(), "Could not add uprobe into middle of instruction: " + place);
  ASSERT_FALSE(a.diags.all().empty());
  EXPECT_EQ(a.diags.all()[0].hints, std::vector<std::string>{kHint});
  auto u = check(kTarget + ":fire+" + std::to_string(off), true);
  EXPECT_TRUE(u.ok) << u.first_error();
  ASSERT_TRUE(warning_of(u));
  EXPECT_EQ(warning_of(u)->message, "Unsafe uprobe in the middle of the instruction: " + place);
}

// With --unsafe a probe inside an instruction compiles to a program (it is
// only not attached by the tests: it would corrupt probe_target).
TEST(UprobeOffset, UnsafeCompilesAProbeInsideAnInstruction) {
  auto a = check(kTarget + ":stepped+5", true);
  ASSERT_TRUE(a.ok) << a.first_error();
  ASSERT_TRUE(warning_of(a));
  EXPECT_EQ(warning_of(a)->message, "Unsafe uprobe in the middle of the instruction: " + kTarget + ":stepped+5");
  driver::Options o;
  auto art = driver::emit(*a.ctx, o, a.info, a.diags);
  ASSERT_TRUE(art);
  ASSERT_EQ(art->probes.size(), 1u);
  EXPECT_EQ(art->probes[0].offset, file_offset_in("stepped", 5));
}

TEST(UprobeOffset, CodeThatDoesNotDecodeIsUncheckedAndNeedsUnsafe) {
  auto starts = fire_starts();
  ASSERT_GE(starts.size(), 2u);
  test::fake_host().set_instruction_starts(kTarget, "fire", std::nullopt);
  std::string place = kTarget + ":fire+" + std::to_string(starts[1]);
  auto a = check(place);
  auto u = check(place, true);
  test::fake_host().clear_instruction_starts();
  EXPECT_EQ(a.first_error(), "Failed to check if uprobe is in proper place: " + place);
  ASSERT_FALSE(a.diags.all().empty());
  EXPECT_EQ(a.diags.all()[0].hints, std::vector<std::string>{kHint});
  EXPECT_TRUE(u.ok) << u.first_error();
  ASSERT_TRUE(warning_of(u));
  EXPECT_EQ(warning_of(u)->message, "Unchecked uprobe: " + place);
}

TEST(UprobeOffset, AnOffsetPastTheFunctionIsRefusedEvenWithUnsafe) {
  uint64_t size = fire_size();
  ASSERT_GT(size, 0u);
  std::string want = "Offset outside the function bounds ('fire' size is " + std::to_string(size) + ")";
  EXPECT_EQ(check(kTarget + ":fire+" + std::to_string(size)).first_error(), want);
  EXPECT_EQ(check(kTarget + ":fire+" + std::to_string(size + 100), true).first_error(), want);
}

TEST(UprobeOffset, ARawAddressMustStartAnInstruction) {
  auto at = host::symbol_address(kTarget, "fire");
  ASSERT_TRUE(at);
  auto starts = fire_starts();
  ASSERT_GE(starts.size(), 2u);
  for (uint64_t off : {uint64_t{0}, starts[1]})
    EXPECT_TRUE(check(kTarget + ":" + hex(*at + off)).ok) << check(kTarget + ":" + hex(*at + off)).first_error();
  uint64_t mid = inside_an_instruction();
  EXPECT_EQ(check(kTarget + ":" + hex(*at + mid)).first_error(),
            "Could not add uprobe into middle of instruction: " + kTarget + ":fire+" + std::to_string(mid));
  EXPECT_TRUE(check(kTarget + ":" + hex(*at + mid), true).ok);
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
