// A limit the BPF backend finds only as it writes the object ends that
// compile with an error, not the process: a REPL session or a fuzzer goes on.
// (errors/backend_branch_out_of_range is the real backend's case, 12 s of
// compiling; here a backend that gives up the same way stands in.)
#include <gtest/gtest.h>

#include <llvm/Support/ErrorHandling.h>

#include "codegen/codegen_test_util.h"
#include "codegen/isolated_backend.h"

namespace bpfsh {
namespace {

TEST(IsolatedBackend, AFatalErrorComesBackAsAnErrorAndTheProcessGoesOn) {
  auto r = codegen::run_backend_isolated([](std::vector<char> &, std::string &) -> bool {
    llvm::report_fatal_error("Branch target out of insn range");
  });
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("the BPF backend can not compile this program: Branch target out of insn range"),
            std::string::npos) << r.error;
  EXPECT_NE(r.error.find("HINT: a probe's code spans more than a BPF jump reaches"), std::string::npos);
  EXPECT_TRUE(test::build("begin { @m = 1; }"));
}

TEST(IsolatedBackend, TheObjectAndOrdinaryErrorsComeBack) {
  auto ok = codegen::run_backend_isolated([](std::vector<char> &out, std::string &) {
    out = {'\x7f', 'E', 'L', 'F'};
    return true;
  });
  ASSERT_TRUE(ok.ok) << ok.error;
  EXPECT_EQ(ok.object, (std::vector<char>{'\x7f', 'E', 'L', 'F'}));
  auto bad = codegen::run_backend_isolated([](std::vector<char> &, std::string &err) {
    err = "stack limit exceeded";
    return false;
  });
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.error, "stack limit exceeded");
}

TEST(IsolatedBackend, ACrashInTheBackendIsAnError) {
  auto r = codegen::run_backend_isolated([](std::vector<char> &, std::string &) -> bool { _exit(3); });
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "the BPF backend ended without an answer");
}

}  // namespace
}  // namespace bpfsh
