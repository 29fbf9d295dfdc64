// Source lines to addresses through dwarf_target's line table
// (host/source_lines.h): each place a line starts at, and bpftrace's
// reasons when there is none.
#include "host/source_lines.h"

#include <gtest/gtest.h>

#include "host/elf_file.h"

namespace bpfsh::host {
namespace {

const std::string kTarget = std::string(BPFSH_TOOLS_DIR) + "/dwarf_target";

const FunctionSpan *span_of(const std::vector<FunctionSpan> &spans, const std::string &name) {
  for (auto &s : spans)
    if (s.name == name) return &s;
  return nullptr;
}

TEST(SourceLines, ALineStartsAtEachPlaceItIsEnteredFromAnother) {
  std::string why;
  // `for (...)` of make_shape: its initialization and its increment.
  auto a = source_line_addresses(kTarget, "dwarf_target.c", 73, 0, why);
  ASSERT_TRUE(a) << why;
  ASSERT_EQ(a->size(), 2u);
  auto spans = function_spans(kTarget);
  const FunctionSpan *f = span_of(spans, "make_shape");
  ASSERT_TRUE(f);
  for (uint64_t addr : *a) EXPECT_TRUE(addr > f->address && addr < f->address + f->size) << std::hex << addr;
  // A path's tail by whole components: "target.c" is no file of it.
  EXPECT_FALSE(source_line_addresses(kTarget, "target.c", 73, 0, why));
  EXPECT_EQ(why, "No compilation unit matches target.c");
}

TEST(SourceLines, ALineOrColumnWithoutCodeIsNotMapped) {
  std::string why;
  EXPECT_FALSE(source_line_addresses(kTarget, "dwarf_target.c", 1, 0, why));
  EXPECT_EQ(why, "Unable to map 'dwarf_target.c:1' to address");
  EXPECT_FALSE(source_line_addresses(kTarget, "dwarf_target.c", 75, 999, why));
  EXPECT_EQ(why, "Unable to map 'dwarf_target.c:75:999' to address");
}

}  // namespace
}  // namespace bpfsh::host
