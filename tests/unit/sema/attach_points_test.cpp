#include <gtest/gtest.h>


#include "sema/attach_context.h"
#include "sema/sema_test_util.h"
#include "host/tracefs.h"

namespace bpfsh {
namespace {

using test::analyse;

TEST(AttachPoints, BeginEndAndAliases) {
  auto a = analyse("BEGIN { } begin { } END { } i:ms:10 { } interval:s:2 { }");
  ASSERT_TRUE(a.ok) << a.first_error();
  ASSERT_EQ(a.info.probes.size(), 5u);
  EXPECT_EQ(a.info.probes[0].type, sema::ProbeType::Begin);
  EXPECT_EQ(a.info.probes[1].type, sema::ProbeType::Begin);
  EXPECT_EQ(a.info.probes[2].type, sema::ProbeType::End);
  EXPECT_EQ(a.info.probes[3].period_ns, 10'000'000u);
  EXPECT_EQ(a.info.probes[4].period_ns, 2'000'000'000u);
}

TEST(AttachPoints, ProfileHz) {
  auto a = analyse("profile:hz:99 { }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(a.info.probes[0].freq_hz, 99u);
}

TEST(AttachPoints, TracepointReadsItsFormat) {
  auto a = analyse("tracepoint:syscalls:sys_enter_close { }");
  ASSERT_TRUE(a.ok) << a.first_error();
  auto &pi = a.info.probes[0];
  EXPECT_EQ(pi.target, "syscalls");
  EXPECT_EQ(pi.func, "sys_enter_close");
  bool has_fd = false;
  for (auto &f : pi.fields) has_fd |= f.name == "fd";
  EXPECT_TRUE(has_fd);
}

TEST(AttachPoints, TracepointWildcardsExpand) {
  auto a = analyse("t:syscalls:sys_enter_getpp* { }");
  ASSERT_TRUE(a.ok) << a.first_error();
  ASSERT_EQ(a.info.probes.size(), 1u);
  EXPECT_EQ(a.info.probes[0].display, "tracepoint:syscalls:sys_enter_getppid");
  auto many = analyse("tracepoint:syscalls:sys_enter_get* { }");
  ASSERT_TRUE(many.ok);
  EXPECT_GT(many.info.probes.size(), 3u);
}

TEST(AttachPoints, CommaListsMakeOneProbeEach) {
  auto a = analyse("tracepoint:syscalls:sys_enter_dup, tracepoint:syscalls:sys_enter_dup2 { }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(a.info.probes.size(), 2u);
}

TEST(AttachPoints, MissingAndUnknown) {
  EXPECT_EQ(analyse("tracepoint:syscalls:nope_nope { }").first_error(),
            "No matches for tracepoint syscalls:nope_nope.");
  EXPECT_EQ(analyse("tracepoint:syscalls:nope_* { }").first_error(), "no tracepoint matches syscalls:nope_*");
  EXPECT_EQ(analyse("bogus:x { }").first_error(), "Invalid probe type: bogus");
  EXPECT_FALSE(analyse("interval:ms:0 { }").ok);
  EXPECT_FALSE(analyse("uprobe:/definitely/missing:f { }").ok);
}

TEST(Tracefs, ParsesFormatFields) {
  auto fields = host::parse_format(
      "name: sys_enter_openat\n"
      "format:\n"
      "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
      "\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
      "\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;\n"
      "\tfield:char comm[16];\toffset:32;\tsize:16;\tsigned:0;\n");
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0].name, "__syscall_nr");
  EXPECT_TRUE(fields[0].is_signed);
  EXPECT_EQ(fields[1].name, "filename");
  EXPECT_TRUE(fields[1].is_pointer);
  EXPECT_EQ(fields[1].offset, 24u);
  EXPECT_EQ(fields[2].name, "comm");
  EXPECT_TRUE(fields[2].is_array);
  EXPECT_EQ(fields[2].size, 16u);
}

// A wildcard is counted before it is expanded: past max_bpf_progs, no
// ProbeInstance is made for any of its matches (kprobe:* made 120,000).
TEST(AttachPoints, AWildcardPastTheProgramLimitIsCountedNotExpanded) {
  auto all = analyse("kprobe:* { }");
  ASSERT_TRUE(all.ok) << all.first_error();
  size_t n = all.info.probes.size();
  ASSERT_GT(n, 2u);
  auto a = analyse("config = { max_bpf_progs = " + std::to_string(n) + " } BEGIN { } kprobe:* { }");
  EXPECT_EQ(a.first_error(), "Your program is trying to generate more than " + std::to_string(n + 1) +
                                 " BPF programs, which exceeds the current limit of " + std::to_string(n));
  EXPECT_EQ(a.info.probes.size(), 1u);
  for (const std::string &point : std::vector<std::string>{"tracepoint:syscalls:*", "fentry:*", std::string("uprobe:") + BPFSH_PROBE_TARGET + ":*"}) {
    auto b = analyse("config = { max_bpf_progs = 1 } " + point + " { }");
    EXPECT_EQ(b.first_error().rfind("Your program is trying to generate more than ", 0), 0u) << point << b.first_error();
    EXPECT_TRUE(b.info.probes.empty()) << point;
  }
}

// The 70 KB tracepoint name took 0.6 ms per character (its
// did-you-mean against every tracepoint); its time is a row of scripts/bench
// (bench_limits.py), a test only says what it gives.
TEST(AttachPointsKernel, AHugeTracepointNameFailsFast) {
  sema::SemaOptions o;
  o.host = &test::live_host();
  auto a = analyse("tracepoint:" + std::string(70000, 'a') + ":b { }", o);
  EXPECT_EQ(a.first_error(), "No matches for tracepoint " + std::string(70000, 'a') + ":b.");
}

// The kprobe:*: 120,000 programs and 2-5 GB before the limit was
// checked. Now the count stops it, before any probe is made.
TEST(AttachPointsKernel, KprobeStarStopsAtTheLimitBeforeExpanding) {
  sema::SemaOptions o;
  o.host = &test::live_host();
  auto a = analyse("kprobe:* { }", o);
  EXPECT_EQ(a.first_error().rfind("Your program is trying to generate more than ", 0), 0u) << a.first_error();
  EXPECT_NE(a.first_error().find(" BPF programs, which exceeds the current limit of 1024"), std::string::npos);
  EXPECT_TRUE(a.info.probes.empty());
}

// A run of stars is one star: 70,000 of them cost fnmatch 11 s over every
// kernel function (the message shows the one star fnmatch is given).
TEST(AttachPointsKernel, ARunOfStarsMatchesAsOne) {
  sema::SemaOptions o;
  o.host = &test::live_host();
  auto a = analyse("kprobe:" + std::string(70000, '*') + "zzz_no_such { }", o);
  EXPECT_EQ(a.first_error(), "no kernel function matches kprobe:*zzz_no_such");
  EXPECT_EQ(sema::split_attach_point("uprobe:/bin/x:a**b\"**\""),
            (std::vector<std::string>{"uprobe", "/bin/x", "a*b\"**\""}));
}

TEST(AttachPoints, QuotedPartsAreWholeAndWithoutTheirQuotes) {
  EXPECT_EQ(sema::split_attach_point("usdt:\"./bin\":\"prov\":\"name\""),
            (std::vector<std::string>{"usdt", "./bin", "prov", "name"}));
  EXPECT_EQ(sema::split_attach_point("uprobe:\"/opt/a:b/prog\":main"),
            (std::vector<std::string>{"uprobe", "/opt/a:b/prog", "main"}));
}

}  // namespace
}  // namespace bpfsh
