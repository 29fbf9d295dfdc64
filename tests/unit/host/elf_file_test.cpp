// The libelf readers against probe_target (built beside the tests).
#include "host/elf_file.h"

#include <gtest/gtest.h>

#include "host/usdt_notes.h"

namespace bpfsh::host {
namespace {

TEST(ElfFile, FunctionsWithTheirAddresses) {
  auto funcs = function_symbols(BPFSH_PROBE_TARGET);
  ASSERT_TRUE(funcs.count("main"));
  EXPECT_EQ(symbol_address(BPFSH_PROBE_TARGET, "main"), funcs["main"]);
  EXPECT_FALSE(symbol_address(BPFSH_PROBE_TARGET, "no_such_symbol_anywhere"));
}

TEST(ElfFile, LayoutMapsAddressesToFileOffsetsAndBack) {
  auto layout = read_elf_layout(BPFSH_PROBE_TARGET);
  ASSERT_TRUE(layout);
  EXPECT_FALSE(layout->position_independent);  // probe_target is linked -no-pie
  uint64_t main_at = *symbol_address(BPFSH_PROBE_TARGET, "main");
  auto off = layout->file_offset_of(main_at);
  ASSERT_TRUE(off);
  EXPECT_EQ(layout->vaddr_of(*off), main_at);
  EXPECT_FALSE(layout->file_offset_of(0));
}

TEST(ElfFile, NotElfIsEmpty) {
  EXPECT_FALSE(read_elf_layout(BPFSH_SOURCE_DIR "/README.md"));
  EXPECT_TRUE(function_symbols("/no/such/file").empty());
  EXPECT_TRUE(read_usdt_sites("/no/such/file").empty());
}

}  // namespace
}  // namespace bpfsh::host
