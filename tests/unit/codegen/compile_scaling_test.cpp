// Programs that once took the compiler minutes compile; how long they take
// now is a row of scripts/bench each (bench_limits.py), not a test's bound.
#include <gtest/gtest.h>

#include "codegen/codegen.h"
#include "codegen/codegen_test_util.h"

namespace bpfsh {
namespace {

using test::build;

// LLVM's BTF writer redid every map's name, by a linear search of its
// strings, for each program described in BTF: 1,000 programs and 1,000
// maps took 9 s, 2,000 of each 70 s.
TEST(CompileScaling, TwoThousandProgramsEachWithItsMap) {
  std::string src = "config = { max_probes = 3000; max_bpf_progs = 3000 }\n";
  for (int i = 0; i < 2000; i++) src += "begin { @m" + std::to_string(i) + " = " + std::to_string(i) + "; }\n";
  auto art = build(src);
  ASSERT_TRUE(art);
  EXPECT_EQ(art->probes.size(), 2000u);
}

// Each variable was zeroed with a memset, which SROA turns into a store
// with a cost that grows with the block: 8,000 variables took 6.7 s.
TEST(CompileScaling, SixteenThousandVariablesInOneProbe) {
  std::string src = "begin {\n";
  for (int i = 0; i < 16000; i++) src += "  $v" + std::to_string(i) + " = " + std::to_string(i) + ";\n";
  auto art = build(src + "  print($v15999);\n}\n");
  ASSERT_TRUE(art);
}

}  // namespace
}  // namespace bpfsh
