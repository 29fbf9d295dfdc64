#include "runtime/verifier_log.h"

#include <gtest/gtest.h>

namespace bpfsh::runtime {
namespace {

TEST(VerifierLog, ParsesLibbpfMessages) {
  std::string msgs =
      "libbpf: prog 'tp_1': BPF program load failed: Permission denied\n"
      "libbpf: prog 'tp_1': -- BEGIN PROG LOAD LOG --\n"
      "0: R1=ctx() R10=fp0\n"
      "1: (79) r1 = *(u64 *)(r0 +0)\n"
      "R0 invalid mem access 'map_value_or_null'\n"
      "processed 7 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n"
      "-- END PROG LOAD LOG --\n"
      "libbpf: prog 'tp_1': failed to load: -13\n"
      "libbpf: failed to load object 'bpfsh'\n";
  LoadFailure f = parse_load_failure(msgs);
  EXPECT_EQ(f.prog, "tp_1");
  EXPECT_EQ(f.reason, "Permission denied");
  EXPECT_NE(f.log.find("0: R1=ctx()"), std::string::npos);
  EXPECT_EQ(verifier_summary(f.log), "R0 invalid mem access 'map_value_or_null'");
}

TEST(VerifierLog, NoLogWhenTheVerifierDidNotRun) {
  LoadFailure f = parse_load_failure("libbpf: prog 'fe': BPF program load failed: Operation not permitted\n");
  EXPECT_EQ(f.prog, "fe");
  EXPECT_EQ(f.reason, "Operation not permitted");
  EXPECT_TRUE(f.log.empty());
}

TEST(VerifierLog, NamesTheMapThatCouldNotBeCreated) {
  LoadFailure f = parse_load_failure(
      "libbpf: map 'm1': found max_entries = 4096.\n"
      "libbpf: map 'm1': failed to create: Cannot allocate memory(-12)\n"
      "libbpf: failed to load object 'bpfsh'\n");
  EXPECT_EQ(f.map, "m1");
  EXPECT_EQ(f.map_reason, "Cannot allocate memory");
  EXPECT_TRUE(f.prog.empty());
}

TEST(VerifierLog, SummarySkipsBookkeeping) {
  EXPECT_EQ(verifier_summary("a\nunreachable insn 5\n\nverification time 10 usec\nstack depth 0\n"),
            "unreachable insn 5");
  EXPECT_EQ(verifier_summary(""), "");
}

TEST(VerifierLog, RefusedWriteUserSaysWhy) {
  EXPECT_NE(refused_helper_hint("program of this type cannot use helper bpf_probe_write_user#36")
                .find("locked down"),
            std::string::npos);
  EXPECT_EQ(refused_helper_hint("program of this type cannot use helper bpf_d_path#147"), "");
}

}  // namespace
}  // namespace bpfsh::runtime
