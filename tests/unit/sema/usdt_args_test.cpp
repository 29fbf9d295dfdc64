#include "sema/usdt_args.h"

#include <gtest/gtest.h>

#include "host/elf_file.h"
#include "host/usdt_notes.h"

namespace bpfsh::sema {
namespace {

using Kind = UsdtArg::Kind;

std::vector<UsdtArg> parse(const std::string &specs, uint64_t pc = 0x1000,
                           std::function<std::optional<uint64_t>(const std::string &)> syms = {}) {
  std::string error;
  auto args = parse_usdt_args(specs, pc, error, syms);
  EXPECT_TRUE(args) << error;
  return args.value_or(std::vector<UsdtArg>{});
}

TEST(UsdtArgs, ConstantsKeepSizeAndSign) {
  auto a = parse("-4@$-5 8@$0x10");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].kind, Kind::Const);
  EXPECT_EQ(a[0].value, -5);
  EXPECT_EQ(a[0].size, 4);
  EXPECT_TRUE(a[0].is_signed);
  EXPECT_EQ(a[1].value, 16);
  EXPECT_FALSE(a[1].is_signed);
}

TEST(UsdtArgs, RegistersMapToPtRegsOffsets) {
  auto a = parse("-8@%rdi -2@%si 1@%al 4@%r9d");
  ASSERT_EQ(a.size(), 4u);
  EXPECT_EQ(a[0].kind, Kind::Reg);
  EXPECT_EQ(a[0].reg, 112);  // di
  EXPECT_EQ(a[1].reg, 104);  // si
  EXPECT_EQ(a[1].size, 2);
  EXPECT_EQ(a[2].reg, 80);  // ax
  EXPECT_EQ(a[2].reg_size, 1);
  EXPECT_EQ(a[3].reg, 64);  // r9
}

TEST(UsdtArgs, MemoryOperands) {
  auto a = parse("8@-16(%rbp) -4@(%rax) 8@8(%rcx,%rdx,4)");
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].kind, Kind::Mem);
  EXPECT_EQ(a[0].reg, 32);  // bp
  EXPECT_EQ(a[0].value, -16);
  EXPECT_EQ(a[1].value, 0);
  EXPECT_EQ(a[1].reg, 80);
  EXPECT_EQ(a[2].reg, 88);    // cx
  EXPECT_EQ(a[2].index, 96);  // dx
  EXPECT_EQ(a[2].scale, 4);
  EXPECT_EQ(a[2].value, 8);
}

TEST(UsdtArgs, RipRelativeSymbolIsADistanceFromTheSite) {
  auto syms = [](const std::string &s) -> std::optional<uint64_t> {
    if (s == "counter") return 0x404030;
    return std::nullopt;
  };
  auto a = parse("-8@counter(%rip) 4@counter+8(%rip)", 0x401229, syms);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_TRUE(a[0].rip_relative);
  EXPECT_EQ(a[0].value, 0x404030 - 0x401229);
  EXPECT_EQ(a[1].value, 0x404030 + 8 - 0x401229);
}

TEST(UsdtArgs, RejectsWhatItCannotRead) {
  std::string error;
  EXPECT_FALSE(parse_usdt_args("3@%rdi", 0, error));
  EXPECT_NE(error.find("3@%rdi"), std::string::npos);
  error.clear();
  EXPECT_FALSE(parse_usdt_args("8@%xmm0", 0, error));
  error.clear();
  EXPECT_FALSE(parse_usdt_args("8@nosuch(%rip)", 0, error, [](const std::string &) { return std::nullopt; }));
  EXPECT_NE(error.find("nosuch"), std::string::npos);
}

TEST(UsdtArgs, NoArgumentsIsEmpty) { EXPECT_TRUE(parse("").empty()); }

// probe_target (tests/tools) is built with three probes, all with
// semaphores; demo:twice sits at two places.
TEST(UsdtNotes, ReadsProbeTargetSites) {
  auto sites = host::read_usdt_sites(BPFSH_PROBE_TARGET);
  ASSERT_EQ(sites.size(), 4u);
  EXPECT_EQ(sites[2].name, "twice");
  EXPECT_EQ(sites[3].name, "twice");
  EXPECT_NE(sites[2].pc, sites[3].pc);
  EXPECT_EQ(sites[0].provider, "demo");
  EXPECT_EQ(sites[0].name, "args");
  EXPECT_EQ(sites[1].name, "guarded");
  // A signed 8-byte operand; where the compiler keeps it is its choice.
  EXPECT_EQ(sites[1].args.rfind("-8@", 0), 0u) << sites[1].args;
  EXPECT_EQ(sites[1].semaphore, host::symbol_address(BPFSH_PROBE_TARGET, "demo_guarded_semaphore"));
  EXPECT_TRUE(host::read_elf_layout(BPFSH_PROBE_TARGET)->file_offset_of(sites[0].pc));
  std::string error;
  auto args = parse_usdt_args(sites[0].args, sites[0].pc, error,
                              [](const std::string &s) { return host::symbol_address(BPFSH_PROBE_TARGET, s); });
  ASSERT_TRUE(args) << error;
  EXPECT_EQ(args->size(), 7u);
}

TEST(UsdtNotes, NotAnElfFileHasNoSites) {
  EXPECT_TRUE(host::read_usdt_sites(BPFSH_SOURCE_DIR "/README.md").empty());
  EXPECT_TRUE(host::read_usdt_sites("/no/such/file").empty());
}

}  // namespace
}  // namespace bpfsh::sema
