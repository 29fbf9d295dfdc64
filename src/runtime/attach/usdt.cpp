// usdt sites: a uprobe at the site's file offset (sema decoded the note).
// With a semaphore, the kernel increments it in every process that maps the
// binary while the uprobe exists (ref_ctr_offset, Linux 4.20), so guarded
// probes (`if (PROV_NAME_ENABLED())`) start firing, and decrements it at
// detach.
#include <cerrno>

#include "runtime/attach/attach.h"
#include "runtime/kernel_calls.h"

namespace bpfsh::runtime {

Result<Links> attach_usdt(const artifact::ProbeSpec &spec, bpf_program *prog) {
  LIBBPF_OPTS(bpf_uprobe_opts, opts);
  opts.ref_ctr_offset = spec.ref_ctr_offset;
  int pid = spec.pid > 0 ? int(spec.pid) : -1;
  bpf_link *l = kcall::attach_uprobe(prog, pid, spec.target, size_t(spec.offset), opts, probe_subject(spec));
  if (!l) return fail(attach_error(spec, errno));
  Links links;
  links.emplace_back(l);
  return links;
}

}  // namespace bpfsh::runtime
