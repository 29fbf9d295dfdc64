#include "runtime/verifier_log.h"

#include <gtest/gtest.h>

#include <cerrno>

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

TEST(VerifierLog, RefusedOverrideNamesTheKernelOption) {
  EXPECT_NE(refused_helper_hint("program of this type cannot use helper bpf_override_return#58")
                .find("CONFIG_BPF_KPROBE_OVERRIDE"),
            std::string::npos);
  EXPECT_NE(refused_helper_hint("unknown func bpf_override_return#58").find("CONFIG_BPF_KPROBE_OVERRIDE"),
            std::string::npos);
}

// The logs below are the ends of logs this kernel (6.18) wrote for bpfsh
// programs (tests/errors/verifier_*.bt), or, for the reasons bpfsh can not
// provoke here, the kernel's own wording (kernel/bpf/verifier.c).
TEST(VerifierLog, TooLargeIsAtTheLastInstruction) {
  Verdict v = classify_rejection(
      "4: (65) if r2 s> 0x5f5e0ff goto pc+1          ; R2=0x51613\n"
      "5: (05) goto pc-3\n"
      "3: (07) r2 += 1\n"
      "BPF program is too large. Processed 1000001 insn\n"
      "processed 1000001 insns (limit 1000000) max_states_per_insn 4 total_states 33334 peak_states 33334 "
      "mark_read 0\n",
      ENOSPC);
  EXPECT_EQ(v.why, Rejection::TooLarge);
  EXPECT_EQ(v.line, "BPF program is too large. Processed 1000001 insn");
  EXPECT_EQ(v.insn, 3u);
  EXPECT_EQ(v.limit, 1000000u);
}

TEST(VerifierLog, TooComplexCountsTheJumps) {
  Verdict v = classify_rejection(
      "2: (85) call bpf_ktime_get_ns#5       ; R0=scalar()\n3: (1d) if r6 == r0 goto pc+1\n"
      "The sequence of 8193 jumps is too complex.\n"
      "processed 49156 insns (limit 1000000) max_states_per_insn 4 total_states 2050 peak_states 2050 mark_read 0\n",
      E2BIG);
  EXPECT_EQ(v.why, Rejection::TooComplex);
  EXPECT_EQ(v.insn, 3u);
  EXPECT_EQ(v.limit, 8193u);
}

TEST(VerifierLog, TooLargeBeforeTheVerifierRan) {
  Verdict v = classify_rejection("", E2BIG);
  EXPECT_EQ(v.why, Rejection::TooLarge);
  EXPECT_FALSE(v.insn);
  EXPECT_EQ(classify_rejection("", EPERM).why, Rejection::Other);
}

TEST(VerifierLog, InfiniteLoopNamesItsInstruction) {
  Verdict v = classify_rejection(
      "0: R1=ctx() R10=fp0\n"
      ";  @ stdin:1\n"
      "7: (05) goto pc-1\n"
      "infinite loop detected at insn 7\n"
      "cur state: R1=ctx() R10=fp0\n"
      "old state: R1=ctx() R10=fp0\n"
      "processed 9 insns (limit 1000000) max_states_per_insn 0 total_states 1 peak_states 1 mark_read 0\n",
      EINVAL);
  EXPECT_EQ(v.why, Rejection::InfiniteLoop);
  EXPECT_EQ(v.insn, 7u);
  EXPECT_EQ(verifier_summary("infinite loop detected at insn 7\ncur state: R1=ctx()\nold state: R1=ctx()\n"),
            "infinite loop detected at insn 7");
}

TEST(VerifierLog, BackEdgeIsWhereTheLoopJumpsBack) {
  Verdict v = classify_rejection("5: (05) goto pc-3\nback-edge from insn 5 to 3\nprocessed 6 insns\n", EINVAL);
  EXPECT_EQ(v.why, Rejection::BackEdge);
  EXPECT_EQ(v.insn, 5u);
}

TEST(VerifierLog, AKernelVariableWithoutAnAddressIsNamed) {
  Verdict v = classify_rejection("ldimm64 failed to find the address for kernel symbol 'runqueues'.\n", EINVAL);
  EXPECT_EQ(v.why, Rejection::NoSymbolAddress);
  EXPECT_EQ(v.symbol, "runqueues");
}

TEST(VerifierLog, InvalidMemoryAccesses) {
  for (const char *line : {"R1 invalid mem access 'scalar'", "invalid read from stack R10 off=-8 size=8",
                           "invalid indirect read from stack R2 off -16+0 size 8",
                           "invalid access to map value, value_size=8 off=8 size=8",
                           "invalid bpf_context access off=4000 type=1 size=8"}) {
    Verdict v = classify_rejection(std::string("11: (79) r1 = *(u64 *)(r2 +0)\n") + line + "\nprocessed 12 insns\n", EACCES);
    EXPECT_EQ(v.why, Rejection::InvalidMemory) << line;
    EXPECT_EQ(v.line, line);
    EXPECT_EQ(v.insn, 11u) << line;
  }
}

TEST(VerifierLog, StackLimits) {
  EXPECT_EQ(classify_rejection("combined stack size of 2 calls is 544. Too large\n", EACCES).why,
            Rejection::StackLimit);
  EXPECT_EQ(classify_rejection("tail_calls are not allowed when call stack of previous frames is 300 bytes. Too large\n",
                               EACCES).why,
            Rejection::StackLimit);
  EXPECT_EQ(classify_rejection("stack depth 600 exceeds interpreter stack depth limit\n", EINVAL).why,
            Rejection::StackLimit);
  // The closing "stack depth 24" is bookkeeping, not a reason.
  EXPECT_EQ(classify_rejection("R0 !read_ok\nprocessed 3 insns\nstack depth 24\n", EACCES).why, Rejection::Other);
}

TEST(VerifierLog, TheScriptsOwnLinesSayNothing) {
  // The log quotes the script: a printf() of these words is not a reason.
  Verdict v = classify_rejection(
      "; printf(\"invalid mem access\") @ stdin:1\n12: (85) call bpf_ringbuf_output#130\nR0 !read_ok\n", EACCES);
  EXPECT_EQ(v.why, Rejection::Other);
  EXPECT_EQ(v.line, "R0 !read_ok");
}

}  // namespace
}  // namespace bpfsh::runtime
