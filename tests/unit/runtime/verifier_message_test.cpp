// Verifier rejections in the user's terms, pointing into the script.
#include "runtime/verifier_message.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace bpfsh::runtime {
namespace {

artifact::Artifact script() {
  artifact::Artifact a;
  a.source_name = "loop.bt";
  a.source_text = "BEGIN {\n  while ($i < 100000000) { $i++; }\n  @x = 1;\n}\n";
  artifact::ProbeSpec p;
  p.prog_name = "p0";
  p.display = "BEGIN";
  p.place = {1, 1, 1, 5};
  artifact::SourceSpan loop{2, 3, 2, 35};
  p.insn_sources = {{0, {}, {}, ""},
                    {2, loop, loop, "while"},
                    {5, {2, 29, 2, 32}, loop, "while"},
                    {8, {3, 3, 3, 9}, {}, ""}};
  a.probes.push_back(p);
  return a;
}

TEST(VerifierMessage, TooLargePointsAtTheLoop) {
  auto a = script();
  Verdict v{Rejection::TooLarge, "BPF program is too large. Processed 1000001 insn", 6, 1000000};
  EXPECT_EQ(rejection_message(a, a.probes[0], v),
            "loop.bt:2:3-36: ERROR: while loop too long for the kernel's verifier in probe 'BEGIN': it checks "
            "every iteration and gave up after 1000000 instructions\n"
            "  while ($i < 100000000) { $i++; }\n"
            "  ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
            "HINT: bound it with a smaller count, or count with for ($i : 0..N), whose body the kernel checks "
            "once, not per iteration\n");
}

TEST(VerifierMessage, TooLargeOutsideLoopsPointsAtTheProbe) {
  auto a = script();
  Verdict v{Rejection::TooLarge, "BPF program is too large. Processed 1000001 insn", 9, 1000000};
  auto msg = rejection_message(a, a.probes[0], v);
  ASSERT_TRUE(msg);
  EXPECT_TRUE(msg->starts_with("loop.bt:1:1-6: ERROR: program too large for the kernel's verifier in probe 'BEGIN': "
                               "it gave up after 1000000 instructions\n"))
      << *msg;
}

TEST(VerifierMessage, TooLargeToLoadAtAll) {
  auto a = script();
  auto msg = rejection_message(a, a.probes[0], classify_rejection("", E2BIG));
  ASSERT_TRUE(msg);
  EXPECT_TRUE(msg->starts_with("loop.bt:1:1-6: ERROR: program too large for the kernel in probe 'BEGIN': it loads "
                               "programs of at most 1000000 instructions (Argument list too long)\n"))
      << *msg;
}

TEST(VerifierMessage, InvalidMemoryPointsAtTheStatement) {
  auto a = script();
  Verdict v{Rejection::InvalidMemory, "R1 invalid mem access 'scalar'", 5, 0};
  auto msg = rejection_message(a, a.probes[0], v);
  ASSERT_TRUE(msg);
  EXPECT_TRUE(msg->starts_with("loop.bt:2:29-33: ERROR: memory access the kernel's verifier refused in probe "
                               "'BEGIN': R1 invalid mem access 'scalar'\n"))
      << *msg;
}

TEST(VerifierMessage, WithoutTheScriptTheMessageNamesTheProbe) {
  auto a = script();
  a.source_text.clear();
  Verdict v{Rejection::StackLimit, "combined stack size of 2 calls is 544. Too large", std::nullopt, 0};
  auto msg = rejection_message(a, a.probes[0], v);
  ASSERT_TRUE(msg);
  EXPECT_TRUE(msg->starts_with("probe 'BEGIN': stack larger than the kernel allows: combined stack size"))
      << *msg;
  EXPECT_NE(msg->find("\nHINT: "), std::string::npos);
}

TEST(VerifierMessage, OtherRejectionsAreLeftToTheLog) {
  auto a = script();
  EXPECT_FALSE(rejection_message(a, a.probes[0], Verdict{Rejection::Other, "R0 !read_ok", 3, 0}));
}

}  // namespace
}  // namespace bpfsh::runtime
