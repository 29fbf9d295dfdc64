// Instruction starts from LLVM's disassembler, checked against objdump's
// reading of the same function.
#include "host/instruction_starts.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>

namespace bpfsh::host {
namespace {

const std::string kTarget = BPFSH_PROBE_TARGET;

FunctionSpan span_of(const std::string &path, const std::string &name) {
  for (const auto &f : function_spans(path))
    if (f.name == name) return f;
  return {};
}

// objdump -d's instruction addresses in `f`, as offsets from its start.
std::vector<uint64_t> objdump_starts(const std::string &path, const FunctionSpan &f) {
  char range[128];
  std::snprintf(range, sizeof range, "--start-address=0x%llx --stop-address=0x%llx",
                static_cast<unsigned long long>(f.address), static_cast<unsigned long long>(f.address + f.size));
  std::string cmd = "objdump -d --no-show-raw-insn " + std::string(range) + " " + path;
  std::vector<uint64_t> out;
  FILE *p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char line[512];
  while (std::fgets(line, sizeof line, p)) {
    unsigned long long addr = 0;
    char colon = 0;
    // "  4012a7:\tadd ..." lines; "00000000004012a0 <fire>:" is the header.
    if (line[0] == ' ' && std::sscanf(line, " %llx%c", &addr, &colon) == 2 && colon == ':') out.push_back(addr - f.address);
  }
  pclose(p);
  return out;
}

TEST(InstructionStarts, AgreeWithObjdump) {
  for (const char *name : {"fire", "main"}) {
    FunctionSpan f = span_of(kTarget, name);
    ASSERT_GT(f.size, 0u) << name;
    auto starts = instruction_starts(kTarget, f);
    ASSERT_TRUE(starts) << name;
    EXPECT_EQ(*starts, objdump_starts(kTarget, f)) << name;
    EXPECT_EQ(starts->front(), 0u);
  }
}

// probe_target's stepped is written in assembly: movabs (10 bytes), add (3),
// ret.
TEST(InstructionStarts, OfAFunctionWrittenInAssembly) {
  EXPECT_EQ(instruction_starts(kTarget, span_of(kTarget, "stepped")), (std::vector<uint64_t>{0, 10, 13}));
}

TEST(InstructionStarts, BytesThatDoNotDecodeHaveNone) {
  // 0x0f 0xff is no x86-64 instruction (UD0 needs a ModRM byte).
  EXPECT_EQ(x86_instruction_starts({0x90, 0x0f}, 0x1000), std::nullopt);
  EXPECT_EQ(x86_instruction_starts({0x90, 0x48, 0x89, 0xe5, 0xc3}, 0x1000), (std::vector<uint64_t>{0, 1, 4}));
}

TEST(InstructionStarts, NoneOutsideTheFileOrForAnotherFile) {
  FunctionSpan f = span_of(kTarget, "fire");
  EXPECT_EQ(instruction_starts("/nonexistent/bpfsh", f), std::nullopt);
  EXPECT_EQ(instruction_starts("/etc/passwd", f), std::nullopt);
  FunctionSpan outside{"x", 0x10, 8};
  EXPECT_EQ(instruction_starts(kTarget, outside), std::nullopt);
}

}  // namespace
}  // namespace bpfsh::host
