// A handful of structural checks on what codegen hands the runtime; the
// behaviour itself is tested end to end against the kernel (tests/e2e).
#include <gtest/gtest.h>

#include <cstring>

#include "codegen/codegen.h"
#include "codegen/codegen_test_util.h"

namespace bpfsh {
namespace {

using test::build;

TEST(Codegen, EmitsAnElfWithOneProgramPerAttachPoint) {
  auto art = build("BEGIN { @x = 1; } tracepoint:syscalls:sys_enter_dup, tracepoint:syscalls:sys_enter_dup2 { @c = count(); }");
  ASSERT_TRUE(art);
  ASSERT_GE(art->elf.size(), 4u);
  EXPECT_EQ(std::memcmp(art->elf.data(), "\x7f" "ELF", 4), 0);
  ASSERT_EQ(art->probes.size(), 3u);
  EXPECT_EQ(art->probes[0].type, artifact::ProbeKind::Begin);
  EXPECT_EQ(art->probes[1].type, artifact::ProbeKind::Tracepoint);
  EXPECT_EQ(art->probes[1].target, "syscalls");
  EXPECT_EQ(art->probes[2].func, "sys_enter_dup2");
  EXPECT_NE(art->probes[1].prog_name, art->probes[2].prog_name);
}

TEST(Codegen, AggregationsArePerCpuAndHistKeysCarryTheBucket) {
  auto art = build("BEGIN { @plain[1] = 2; @n = count(); @h[\"k\"] = hist(3); }");
  ASSERT_TRUE(art);
  ASSERT_EQ(art->maps.size(), 3u);
  auto &plain = art->maps[0];
  EXPECT_FALSE(plain.percpu);
  EXPECT_EQ(plain.key_size, 8u);
  EXPECT_EQ(art->maps[1].agg, artifact::AggKind::Count);
  EXPECT_TRUE(art->maps[1].percpu);
  auto &h = art->maps[2];
  EXPECT_EQ(h.agg, artifact::AggKind::Hist);
  EXPECT_EQ(h.key_size, h.key.size + 8);
}

TEST(Codegen, KeylessHistogramsArePerCpuArraysOfBuckets) {
  auto art = build("BEGIN { @h = hist(3); @l = lhist(5, 0, 100, 10); @k[1] = hist(3); }");
  ASSERT_TRUE(art);
  ASSERT_EQ(art->maps.size(), 3u);
  EXPECT_TRUE(art->maps[0].array);
  EXPECT_EQ(art->maps[0].key_size, 4u);
  EXPECT_EQ(art->maps[0].max_entries, 66u);  // negative, zero, then 2^0 .. 2^63
  EXPECT_TRUE(art->maps[1].array);
  EXPECT_EQ(art->maps[1].max_entries, 12u);  // below 0, ten steps, at or above 100
  EXPECT_FALSE(art->maps[2].array);
  EXPECT_EQ(art->maps[2].key_size, 16u);
}

TEST(Codegen, PrintfFormatsRecordArgumentLayout) {
  auto art = build("BEGIN { printf(\"%d %s\\n\", -1, comm); }");
  ASSERT_TRUE(art);
  ASSERT_EQ(art->formats.size(), 1u);
  auto &f = art->formats[0];
  ASSERT_EQ(f.args.size(), 2u);
  EXPECT_EQ(f.args[0].layout.kind, artifact::Layout::Kind::Int);
  EXPECT_TRUE(f.args[0].layout.is_signed);
  EXPECT_EQ(f.args[1].offset, 8u);
  EXPECT_EQ(f.args[1].layout.kind, artifact::Layout::Kind::Str);
}

TEST(Codegen, DumpsIrWhenAsked) {
  auto a = test::analyse("BEGIN { exit(); }");
  ASSERT_TRUE(a.ok);
  std::ostringstream ir;
  driver::Options o;
  o.dumps.ir = true;
  o.dumps.out = &ir;
  ASSERT_TRUE(driver::emit(*a.ctx, o, a.info, a.diags));
  EXPECT_NE(ir.str().find("section \"raw_tp\""), std::string::npos);
  EXPECT_NE(ir.str().find("section \".maps\""), std::string::npos);
}

}  // namespace
}  // namespace bpfsh
