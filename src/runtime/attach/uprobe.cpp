// uprobe:BINARY:FUNC[+OFFSET] and uretprobe:..., for every process (pid -1)
// or only the -p process.
// libbpf resolves FUNC in the ELF's symbol tables; with no FUNC, `offset` is
// the address itself.
#include <bpf/libbpf.h>

#include <cerrno>

#include "runtime/attach/attach.h"

namespace bpfsh::runtime {

Result<Links> attach_uprobe(const artifact::ProbeSpec &spec, bpf_program *prog) {
  LIBBPF_OPTS(bpf_uprobe_opts, opts);
  opts.retprobe = spec.type == artifact::ProbeKind::Uretprobe;
  opts.func_name = spec.func.empty() ? nullptr : spec.func.c_str();
  bpf_link *l = bpf_program__attach_uprobe_opts(prog, spec.pid > 0 ? int(spec.pid) : -1, spec.target.c_str(), size_t(spec.offset), &opts);
  if (!l) return fail(attach_error(spec, errno));
  Links links;
  links.emplace_back(l);
  return links;
}

}  // namespace bpfsh::runtime
