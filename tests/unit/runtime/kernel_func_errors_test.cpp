// What a kernel-function probe says when the kernel will not run it, and the
// tracepoints it names instead.
#include <gtest/gtest.h>

#include <set>

#include "runtime/attach/alternatives.h"
#include "runtime/attach/attach.h"

namespace bpfsh::runtime {
namespace {

// A kernel with these tracepoints.
auto has(std::set<std::string> tps) {
  return [tps](const std::string &cat, const std::string &ev) { return tps.count(cat + ":" + ev) > 0; };
}

TEST(Alternatives, SharedSyscallFunctions) {
  auto exists = has({"syscalls:sys_enter_openat", "syscalls:sys_enter_open", "syscalls:sys_exit_openat"});
  EXPECT_EQ(alternatives("do_sys_openat2", false, exists, {}),
            (std::vector<std::string>{"tracepoint:syscalls:sys_enter_openat", "tracepoint:syscalls:sys_enter_open"}));
  EXPECT_EQ(alternatives("do_sys_openat2", true, exists, {}),
            (std::vector<std::string>{"tracepoint:syscalls:sys_exit_openat"}));
}

TEST(Alternatives, SyscallPrefixes) {
  auto exists = has({"syscalls:sys_enter_read", "syscalls:sys_exit_read", "syscalls:sys_enter_close"});
  for (const char *f : {"__x64_sys_read", "ksys_read", "do_sys_read", "vfs_read"})
    EXPECT_EQ(alternatives(f, false, exists, {}).at(0), "tracepoint:syscalls:sys_enter_read") << f;
  EXPECT_EQ(alternatives("ksys_read", true, exists, {}).at(0), "tracepoint:syscalls:sys_exit_read");
  // Only the ones this kernel has.
  EXPECT_TRUE(alternatives("ksys_write", false, exists, {}).empty());
  EXPECT_TRUE(alternatives("tcp_connect", false, exists, {}).empty());
}

TEST(Alternatives, TracepointOfTheSameName) {
  std::vector<std::string> events = {"sched:sched_switch", "tcp:tcp_retransmit_skb", "sched:sched_wakeup"};
  EXPECT_EQ(alternatives("tcp_retransmit_skb", false, has({}), events),
            (std::vector<std::string>{"tracepoint:tcp:tcp_retransmit_skb", "rawtracepoint:tcp_retransmit_skb"}));
}

TEST(KernelFuncErrors, NoKprobes) {
  artifact::ProbeSpec spec;
  spec.type = artifact::ProbeKind::Kprobe;
  spec.display = "kprobe:no_such_fn_for_hints";
  spec.func = "no_such_fn_for_hints";
  EXPECT_EQ(kprobe_error(spec, ENOENT, false),
            "kprobe:no_such_fn_for_hints: this kernel has no kprobe support (built without CONFIG_KPROBES)");
  EXPECT_EQ(kprobe_error(spec, ENOENT, true),
            "probe 'kprobe:no_such_fn_for_hints': failed to attach: No such file or directory\n"
            "HINT: no_such_fn_for_hints may be inlined, marked notrace, or not exist in this kernel");
}

TEST(KernelFuncErrors, FentryLoadAsRootKernel) {
  artifact::ProbeSpec spec;
  spec.type = artifact::ProbeKind::Fentry;
  spec.display = "fentry:vmlinux:no_such_fn_for_hints";
  spec.func = "no_such_fn_for_hints";
  EXPECT_EQ(fentry_load_error(spec, EPERM, false).value_or(""),
            "fentry:vmlinux:no_such_fn_for_hints: this kernel's policy denies fentry/fexit (BPF trampoline) "
            "programs, even to root (loading failed: Operation not permitted)");
  EXPECT_EQ(fentry_load_error(spec, 524, false).value_or(""),
            "fentry:vmlinux:no_such_fn_for_hints: this kernel does not support fentry/fexit (BPF trampolines)");
  // The verifier ran: its own message says what is wrong.
  EXPECT_FALSE(fentry_load_error(spec, EACCES, true));
  EXPECT_FALSE(fentry_load_error(spec, EINVAL, false));
}

}  // namespace
}  // namespace bpfsh::runtime
