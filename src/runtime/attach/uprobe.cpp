// uprobe:BINARY:FUNC[+OFFSET] and uretprobe:..., for every process (pid -1)
// or only the -p process, at the file offset sema found (`func` only names
// the place).
#include <cerrno>

#include "runtime/attach/attach.h"
#include "runtime/kernel_calls.h"

namespace bpfsh::runtime {

Result<Links> attach_uprobe(const artifact::ProbeSpec &spec, bpf_program *prog) {
  LIBBPF_OPTS(bpf_uprobe_opts, opts);
  opts.retprobe = spec.type == artifact::ProbeKind::Uretprobe;
  bpf_link *l = kcall::attach_uprobe(prog, spec.pid > 0 ? int(spec.pid) : -1, spec.target, size_t(spec.offset), opts,
                                     probe_subject(spec));
  if (!l) return fail(attach_error(spec, errno));
  Links links;
  links.emplace_back(l);
  return links;
}

}  // namespace bpfsh::runtime
