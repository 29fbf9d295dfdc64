// kprobe:[MODULE:]FUNC[+OFFSET] and kretprobe:[MODULE:]FUNC, one perf-event
// link per function (bpf_program__attach_kprobe_opts: the kprobe PMU, or
// tracefs' kprobe_events on kernels without it).
//
// The program itself loads on any kernel with BPF_PROG_TYPE_KPROBE; a kernel
// built without CONFIG_KPROBES only fails here, at attach, with ENOENT (no
// PMU, no kprobe_events to fall back on). So the failure is explained after
// the fact, by looking for either interface.
#include <bpf/libbpf.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/attach/alternatives.h"
#include "runtime/attach/attach.h"
#include "runtime/kernel_calls.h"

namespace bpfsh::runtime {

bool kprobes_available() {
  return access("/sys/bus/event_source/devices/kprobe/type", F_OK) == 0 ||
         access("/sys/kernel/tracing/kprobe_events", F_OK) == 0 ||
         access("/sys/kernel/debug/tracing/kprobe_events", F_OK) == 0;
}

std::string kprobe_error(const artifact::ProbeSpec &spec, int err, bool kprobes) {
  bool ret = spec.type == artifact::ProbeKind::Kretprobe;
  if (!kprobes)
    return spec.display + ": this kernel has no kprobe support (built without CONFIG_KPROBES)" +
           alternatives_hint(spec.func, ret);
  // The kernel decodes the function's instructions and refuses a probe
  // that would overwrite the middle of one, with EILSEQ, whose strerror
  // ("Invalid or incomplete multibyte or wide character") would mislead.
  if (err == EILSEQ)
    return probe_subject(spec) + ": failed to attach: +" + std::to_string(spec.offset) +
           " is inside an instruction of " + spec.func +
           "\nHINT: the offset must be where an instruction starts: see the function's disassembly";
  std::string msg = attach_error(spec, err);
  if (err == ENOENT || err == EINVAL)
    msg += "\nHINT: " + spec.func + " may be inlined, marked notrace, or not exist in this kernel";
  return msg;
}

Result<Links> attach_kprobe(const artifact::ProbeSpec &spec, bpf_program *prog) {
  LIBBPF_OPTS(bpf_kprobe_opts, opts);
  opts.retprobe = spec.type == artifact::ProbeKind::Kretprobe;
  opts.offset = size_t(spec.offset);
  std::string name = spec.target.empty() ? spec.func : spec.target + ":" + spec.func;
  bpf_link *l = kcall::attach_kprobe(prog, name, opts, probe_subject(spec));
  if (!l) {
    int err = errno;
    return fail(kprobe_error(spec, err, kprobes_available()));
  }
  Links links;
  links.emplace_back(l);
  return links;
}

}  // namespace bpfsh::runtime
