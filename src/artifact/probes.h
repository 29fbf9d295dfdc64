#pragma once
// One attach point as the runtime attaches it: built by attach resolution
// (sema extends it), carried into the artifact as it is.
#include <cstdint>
#include <string>
#include <vector>

namespace bpfsh::artifact {

enum class ProbeKind : uint8_t {
  Begin, End, Tracepoint, RawTracepoint, Uprobe, Uretprobe, Interval, Profile,
  Kprobe, Kretprobe, Fentry, Fexit,
  Usdt, Software, Hardware, Watchpoint, Iter,
  // Network hooks (docs/networking.md): target is the interface or the
  // cgroup's path, func the direction or the hook within the cgroup.
  Xdp, Tc, Socket, CgroupSkb, CgroupSockAddr, CgroupSock, Sockops,
  SelfSignal,  // last: registry rows count the kinds up to it
};

// A place in the script: 1-based lines and columns, both ends included;
// line 0 is no place.
struct SourceSpan {
  int line = 0, col = 0, end_line = 0, end_col = 0;
};

// Instructions of a program from `insn` up to the next entry's come from
// the statement `stmt` (line 0: the probe's own code), inside `loop`, a loop
// of kind `loop_kind` ("while", "for", "unroll"; line 0: in none). Indices
// count as the kernel's verifier does: the program's own instructions, then
// the callbacks it uses, in the order libbpf appends them.
struct InsnSource {
  uint32_t insn = 0;
  SourceSpan stmt;
  SourceSpan loop;
  std::string loop_kind;
};

struct ProbeSpec {
  std::string prog_name;   // BPF program (function) name in the ELF
  ProbeKind type = ProbeKind::Begin;
  std::string display;     // the attach point as resolved: "tracepoint:syscalls:sys_enter_openat"
  std::string target;      // Xdp, Tc, Socket: interface; Cgroup*, Sockops: cgroup path;
                           // Tracepoint: category; Uprobe: binary path; RawTracepoint: event;
                           // Kprobe, Fentry: the module (empty: vmlinux)
  std::string func;        // Tracepoint: event name; Uprobe, Kprobe, Fentry: symbol name
                           // Tc, CgroupSkb: "ingress" or "egress"; CgroupSockAddr,
                           // CgroupSock: the hook ("connect4", "create", ...)
  uint64_t offset = 0;     // Kprobe: offset added to the symbol; Uprobe: the probed byte's file offset
  uint64_t period_ns = 0;  // Interval
  uint64_t freq_hz = 0;    // Profile
  // Software, Hardware: perf_event_attr type/config/sample_period, on every CPU.
  uint32_t perf_type = 0;
  uint64_t perf_config = 0;
  uint64_t sample_period = 0;
  // Watchpoint: a hardware breakpoint of `length` bytes at `address`;
  // mode is "r", "w", "rw" or "x".
  uint64_t address = 0;
  uint32_t length = 0;
  std::string mode;
  // Usdt: target is the binary and offset the probe's file offset; the
  // kernel counts the semaphore at ref_ctr_offset (0: none) while attached.
  uint64_t ref_ctr_offset = 0;
  // Iter: func is the iterator ("task", "task_file", "task_vma").
  int signal = 0;          // SelfSignal: fires when bpfsh receives it
  int64_t pid = 0;         // Uprobe, Usdt, Watchpoint: only this process (-p/-c); 0: all
  // Codegen's, for the loader's messages: where the attach point is written,
  // and where the program's instructions come from, in instruction order.
  SourceSpan place;
  std::vector<InsnSource> insn_sources;
};

}  // namespace bpfsh::artifact
