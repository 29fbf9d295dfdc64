// Real-kernel tests of the session: they load BPF, so they need root (or
// CAP_BPF + CAP_PERFMON). The full-session tests build a small BPF object with
// clang (shaped like codegen's output, so the runtime is tested apart from
// codegen); scripts/setup installs clang for them. bpfsh itself never runs clang.
#include <bpf/bpf.h>
#include <gtest/gtest.h>

#include "capture.h"
#include <linux/bpf.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>

#include "host/elf_file.h"
#include "runtime/events.h"
#include "runtime/ring_buffer.h"
#include "runtime/session.h"
#include "runtime/test_run.h"

namespace bpfsh::runtime {
namespace {

using artifact::Artifact;
using artifact::Layout;

bool can_bpf() { return geteuid() == 0; }

using testing::Capture;

Layout int_layout(bool is_signed = true) {
  Layout l;
  l.kind = Layout::Kind::Int;
  l.is_signed = is_signed;
  l.size = 8;
  return l;
}

Layout str_layout(uint32_t n) {
  Layout l;
  l.kind = Layout::Kind::Str;
  l.size = n;
  return l;
}

// ---- BEGIN test-run and ring-buffer decoding, with hand-written BPF ----

#define INSN(code, dst, src, off, imm) bpf_insn{uint8_t(code), uint8_t(dst), uint8_t(src), int16_t(off), int32_t(imm)}

// A raw_tp program that sends one Printf event {type 1, id 0, u64 42}.
std::vector<bpf_insn> printf_program(int ringbuf_fd) {
  return {
      INSN(BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, 0, -16, 1),   // header.type = Printf
      INSN(BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, 0, -12, 0),   // header.id = 0
      INSN(BPF_ST | BPF_MEM | BPF_DW, BPF_REG_10, 0, -8, 42),  // payload: u64 42
      INSN(BPF_LD | BPF_DW | BPF_IMM, BPF_REG_1, BPF_PSEUDO_MAP_FD, 0, ringbuf_fd),
      INSN(0, 0, 0, 0, 0),
      INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2, BPF_REG_10, 0, 0),
      INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_2, 0, 0, -16),
      INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_3, 0, 0, 16),
      INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_4, 0, 0, 0),
      INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_ringbuf_output),
      INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0),
      INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
  };
}

TEST(SessionKernel, BeginTestRunSendsPrintfEvent) {
  if (!can_bpf()) FAIL() << "needs root or CAP_BPF+CAP_PERFMON";
  int rb_fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "events", 0, 0, 4096, nullptr);
  ASSERT_GE(rb_fd, 0) << std::strerror(errno);
  auto insns = printf_program(rb_fd);
  int prog = bpf_prog_load(BPF_PROG_TYPE_RAW_TRACEPOINT, "begin", "GPL", insns.data(), insns.size(), nullptr);
  ASSERT_GE(prog, 0) << std::strerror(errno);

  Artifact a;
  a.formats.push_back({"x=%d\n", {{int_layout(), 0}}});
  Capture cap;
  auto out = output::make_output(output::Format::Text, cap.f);
  auto handler = EventHandler::create(a, {}, *out);
  ASSERT_TRUE(handler) << handler.error();
  RingBuffer rb;
  ASSERT_TRUE(rb.add(rb_fd, &*handler));

  ASSERT_TRUE(run_once(prog, "probe 'BEGIN'"));
  ASSERT_TRUE(run_once(prog, "probe 'BEGIN'"));
  ASSERT_TRUE(rb.consume());
  EXPECT_EQ(cap.text(), "x=42\nx=42\n");
  close(prog);
  close(rb_fd);
}

TEST(SessionKernel, TestRunOfBadFdNamesTheProbe) {
  auto r = run_once(-1, "probe 'BEGIN'");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().rfind("probe 'BEGIN': failed to run: ", 0), 0u) << r.error();
}

// ---- Whole sessions with a clang-built object ----

const char *kBpfSource = R"(
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
typedef unsigned long long u64;
typedef unsigned int u32;
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 65536); } events SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __type(key, u64); __type(value, u64);
         __uint(max_entries, 16); } m0 SEC(".maps");
struct hkey { u64 k; u64 bucket; };
struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __type(key, struct hkey); __type(value, u64);
         __uint(max_entries, 128); } m1 SEC(".maps");
struct ev { u32 type, id; u64 a; char s[16]; };
struct hdr { u32 type, id; };

SEC("raw_tp") int begin_0(void *ctx) {
  struct ev e = {1, 0, 42, "hello"};
  bpf_ringbuf_output(&events, &e, sizeof e, 0);
  for (u64 b = 3; b < 6; b++) {
    struct hkey k = {7, b};
    u64 one = b;
    bpf_map_update_elem(&m1, &k, &one, BPF_ANY);
  }
  return 0;
}

static __always_inline int count_and_exit(void) {
  u64 zero = 0, one = 1;
  u64 *c = bpf_map_lookup_elem(&m0, &zero);
#ifdef BAD
  *c += 1;  // no NULL check: the verifier must refuse this
#endif
  if (!c) { bpf_map_update_elem(&m0, &zero, &one, BPF_NOEXIST); return 0; }
  __sync_fetch_and_add(c, 1);
  if (*c >= EXIT_AFTER) { struct hdr h = {5, 0}; bpf_ringbuf_output(&events, &h, sizeof h, 0); }
  return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid") int tp_1(void *ctx) { return count_and_exit(); }
SEC("uprobe") int up_3(void *ctx) { return count_and_exit(); }
SEC("perf_event") int pe_4(void *ctx) {
  struct hdr h = {5, 0};
  bpf_ringbuf_output(&events, &h, sizeof h, 0);
  return 0;
}

SEC("raw_tp") int end_2(void *ctx) {
  struct hdr h = {1, 1};
  bpf_ringbuf_output(&events, &h, sizeof h, 0);
  return 0;
}
char LICENSE[] SEC("license") = "GPL";
)";

// Compiles kBpfSource; empty when clang is unavailable.
std::vector<uint8_t> build_object(int exit_after, bool bad = false) {
  if (std::system("command -v clang >/dev/null 2>&1") != 0) return {};
  char dir[] = "/tmp/bpfsh-rt-XXXXXX";
  if (!mkdtemp(dir)) return {};
  std::string src = std::string(dir) + "/p.bpf.c", obj = std::string(dir) + "/p.o";
  std::ofstream(src) << kBpfSource;
  std::string cmd = "clang -O2 -g -target bpf -D__TARGET_ARCH_x86 -DEXIT_AFTER=" + std::to_string(exit_after) +
                    (bad ? " -DBAD" : "") + " -I/usr/include/x86_64-linux-gnu -c " + src + " -o " + obj + " 2>&1";
  if (std::system(cmd.c_str()) != 0) return {};
  std::ifstream in(obj, std::ios::binary);
  std::vector<uint8_t> elf((std::istreambuf_iterator<char>(in)), {});
  std::system(("rm -rf " + std::string(dir)).c_str());
  return elf;
}

Artifact make_artifact(std::vector<uint8_t> elf) {
  Artifact a;
  a.elf = std::move(elf);
  using artifact::ProbeKind;
  a.probes.push_back({"begin_0", ProbeKind::Begin, "BEGIN", "", "", 0, 0, 0});
  a.probes.push_back({"tp_1", ProbeKind::Tracepoint, "tracepoint:syscalls:sys_enter_getppid", "syscalls",
                      "sys_enter_getppid", 0, 0, 0});
  a.probes.push_back({"end_2", ProbeKind::End, "END", "", "", 0, 0, 0});
  artifact::MapSpec c;
  c.name = "@c";
  c.elf_name = "m0";
  c.agg = artifact::AggKind::Count;
  c.percpu = true;
  c.key_size = 8;
  c.value_size = 8;
  a.maps.push_back(c);
  artifact::MapSpec h;
  h.name = "@h";
  h.elf_name = "m1";
  h.key = int_layout();
  h.agg = artifact::AggKind::Hist;
  h.percpu = true;
  h.key_size = 16;
  h.value_size = 8;
  a.maps.push_back(h);
  a.formats.push_back({"x=%d s=%s\n", {{int_layout(), 0}, {str_layout(16), 8}}});
  a.formats.push_back({"end\n", {}});
  return a;
}

// Calls getppid() until stopped, to fire the tracepoint.
struct Trigger {
  std::atomic<bool> stop{false};
  std::thread t{[this] {
    while (!stop) {
      getppid();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }};
  ~Trigger() {
    stop = true;
    t.join();
  }
};

TEST(SessionKernel, FullRunTextOutput) {
  if (!can_bpf()) FAIL() << "needs root or CAP_BPF+CAP_PERFMON";
  auto elf = build_object(3);
  if (elf.empty()) FAIL() << "clang (installed by scripts/setup) could not build the test object";
  Capture cap;
  Session s({.format = output::Format::Text, .out = cap.f, .quiet = true});
  Trigger trigger;
  EXPECT_EQ(s.run(make_artifact(std::move(elf))), 0);
  std::string text = cap.text();
  EXPECT_EQ(text.rfind("x=42 s=hello\n", 0), 0u) << text;
  EXPECT_NE(text.find("end\n\n\n@c: "), std::string::npos) << text;
  EXPECT_NE(text.find("@h[7]:\n"
                      "[2, 4)                 3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@                     |\n"
                      "[4, 8)                 4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@           |\n"
                      "[8, 16)                5 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n\n"),
            std::string::npos)
      << text;
}

TEST(SessionKernel, FullRunJsonOutput) {
  if (!can_bpf()) FAIL() << "needs root or CAP_BPF+CAP_PERFMON";
  auto elf = build_object(3);
  if (elf.empty()) FAIL() << "clang (installed by scripts/setup) could not build the test object";
  Capture cap;
  Session s({.format = output::Format::Json, .out = cap.f});
  Trigger trigger;
  EXPECT_EQ(s.run(make_artifact(std::move(elf))), 0);
  std::string text = cap.text();
  EXPECT_EQ(text.rfind("{\"type\": \"attached_probes\", \"count\": 3, \"data\": {\"probes\": 3}}\n"
                       "{\"type\": \"printf\", \"data\": \"x=42 s=hello\\n\"}\n",
                       0),
            0u)
      << text;
  EXPECT_NE(text.find("{\"type\": \"hist\", \"data\": {\"@h\": {\"7\": [{\"min\": 2, \"max\": 3, \"count\": 3},"
                      "{\"min\": 4, \"max\": 7, \"count\": 4},{\"min\": 8, \"max\": 15, \"count\": 5}]}}}\n"),
            std::string::npos)
      << text;
}

// Runs `a` with probe 1 replaced by `probe`; returns the text output.
std::string run_with_probe(artifact::ProbeSpec probe, int *status) {
  auto elf = build_object(3);
  if (elf.empty()) return "NO-OBJECT";
  Artifact a = make_artifact(std::move(elf));
  a.probes[1] = std::move(probe);
  Capture cap;
  Session s({.out = cap.f, .quiet = true});
  Trigger trigger;
  *status = s.run(std::move(a));
  return cap.text();
}

TEST(SessionKernel, IntervalFires) {
  if (!can_bpf()) FAIL() << "needs root or CAP_BPF+CAP_PERFMON";
  int status = -1;
  std::string text = run_with_probe({"pe_4", artifact::ProbeKind::Interval, "interval:ms:20", "", "", 0, 20000000, 0},
                                    &status);
  if (text == "NO-OBJECT") FAIL() << "clang (installed by scripts/setup) could not build the test object";
  EXPECT_EQ(status, 0);
  EXPECT_EQ(text.rfind("x=42 s=hello\nend\n", 0), 0u) << text;
}

TEST(SessionKernel, ProfileFires) {
  if (!can_bpf()) FAIL() << "needs root or CAP_BPF+CAP_PERFMON";
  int status = -1;
  std::string text = run_with_probe({"pe_4", artifact::ProbeKind::Profile, "profile:hz:99", "", "", 0, 0, 99}, &status);
  if (text == "NO-OBJECT") FAIL() << "clang (installed by scripts/setup) could not build the test object";
  EXPECT_EQ(status, 0);
  EXPECT_EQ(text.rfind("x=42 s=hello\nend\n", 0), 0u) << text;
}

TEST(SessionKernel, UprobeFires) {
  if (!can_bpf()) FAIL() << "needs root or CAP_BPF+CAP_PERFMON";
  const char *libc = "/lib/x86_64-linux-gnu/libc.so.6";
  ASSERT_EQ(access(libc, R_OK), 0) << libc;
  // A uprobe is attached at the file offset sema found for the function.
  auto address = host::symbol_address(libc, "getppid");
  auto layout = host::read_elf_layout(libc);
  ASSERT_TRUE(address && layout);
  auto offset = layout->file_offset_of(*address);
  ASSERT_TRUE(offset);
  int status = -1;
  std::string text = run_with_probe(
      {"up_3", artifact::ProbeKind::Uprobe, std::string("uprobe:") + libc + ":getppid", libc, "getppid", *offset, 0, 0},
      &status);
  if (text == "NO-OBJECT") FAIL() << "clang (installed by scripts/setup) could not build the test object";
  EXPECT_EQ(status, 0);
  EXPECT_NE(text.find("end\n\n\n@c: "), std::string::npos) << text;
}

// A missing function is sema's error; what the kernel can still refuse is a
// file that went away since.
TEST(SessionKernel, UprobeOnMissingFileFails) {
  if (!can_bpf()) FAIL() << "needs root or CAP_BPF+CAP_PERFMON";
  int status = -1;
  std::string text = run_with_probe(
      {"up_3", artifact::ProbeKind::Uprobe, "uprobe:/no/such/bpfsh:f", "/no/such/bpfsh", "f", 4096, 0, 0}, &status);
  if (text == "NO-OBJECT") FAIL() << "clang (installed by scripts/setup) could not build the test object";
  EXPECT_EQ(status, 1);
  EXPECT_EQ(text, "");
}

TEST(SessionKernel, SigintEndsSessionCleanly) {
  if (!can_bpf()) FAIL() << "needs root or CAP_BPF+CAP_PERFMON";
  auto elf = build_object(1000000);
  if (elf.empty()) FAIL() << "clang (installed by scripts/setup) could not build the test object";
  Capture cap;
  Session s({.out = cap.f, .quiet = true});
  Trigger trigger;
  std::thread killer([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    kill(getpid(), SIGINT);
  });
  EXPECT_EQ(s.run(make_artifact(std::move(elf))), 0);
  killer.join();
  std::string text = cap.text();
  EXPECT_NE(text.find("end\n\n\n@c: "), std::string::npos) << text;
}

TEST(SessionKernel, HeldChildExitEndsSession) {
  if (!can_bpf()) FAIL() << "needs root or CAP_BPF+CAP_PERFMON";
  auto elf = build_object(1000000);  // never exits by itself
  if (elf.empty()) FAIL() << "clang (installed by scripts/setup) could not build the test object";
  auto child = HeldChild::spawn("sleep 0.2");
  ASSERT_TRUE(child) << child.error();
  Capture cap;
  Session s({.out = cap.f, .quiet = true, .child = &*child});
  EXPECT_EQ(s.run(make_artifact(std::move(elf))), 0);
  EXPECT_TRUE(child->poll_exit().has_value());
  EXPECT_NE(cap.text().find("end\n"), std::string::npos);
}

TEST(SessionKernel, AttachFailureUnwindsAndReports) {
  if (!can_bpf()) FAIL() << "needs root or CAP_BPF+CAP_PERFMON";
  auto elf = build_object(3);
  if (elf.empty()) FAIL() << "clang (installed by scripts/setup) could not build the test object";
  Artifact a = make_artifact(std::move(elf));
  a.probes[1].func = "no_such_event";
  a.probes[1].display = "tracepoint:syscalls:no_such_event";
  Session s({.quiet = true});
  auto unit = s.load(std::move(a));
  ASSERT_TRUE(unit) << unit.error();
  auto r = s.attach(*unit);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "probe 'tracepoint:syscalls:no_such_event': failed to attach: No such file or directory");
}

// A real invalid memory access (a map value used unchecked): the kernel's
// reason, in the user's terms, and what to do.
TEST(SessionKernel, VerifierRejectionNamesTheProbe) {
  if (!can_bpf()) FAIL() << "needs root or CAP_BPF+CAP_PERFMON";
  auto elf = build_object(3, /*bad=*/true);
  if (elf.empty()) FAIL() << "clang (installed by scripts/setup) could not build the test object";
  Capture cap;
  Session s({.out = cap.f, .quiet = true});
  auto unit = s.load(make_artifact(std::move(elf)));
  ASSERT_FALSE(unit);
  EXPECT_EQ(unit.error(),
            "probe 'tracepoint:syscalls:sys_enter_getppid': memory access the kernel's verifier refused: R0 "
            "invalid mem access 'map_value_or_null'\n"
            "HINT: bpfsh should not have let this through: please report it, with the log -v prints")
      << "the whole log is for verbose only";
}

TEST(SessionKernel, LoadFailureExitStatusIsOne) {
  if (!can_bpf()) FAIL() << "needs root or CAP_BPF+CAP_PERFMON";
  Artifact a;
  a.elf = {1, 2, 3};
  Session s({.quiet = true});
  EXPECT_EQ(s.run(std::move(a)), 1);
}

}  // namespace
}  // namespace bpfsh::runtime
