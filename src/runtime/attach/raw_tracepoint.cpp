// rawtracepoint:EVENT (BPF_RAW_TRACEPOINT_OPEN; no tracefs needed).
#include <cerrno>

#include "runtime/attach/attach.h"
#include "runtime/kernel_calls.h"

namespace bpfsh::runtime {

Result<Links> attach_raw_tracepoint(const artifact::ProbeSpec &spec, bpf_program *prog) {
  const std::string &event = spec.target.empty() ? spec.func : spec.target;
  bpf_link *l = kcall::attach_raw_tracepoint(prog, event, probe_subject(spec));
  if (!l) return fail(attach_error(spec, errno));
  Links links;
  links.emplace_back(l);
  return links;
}

}  // namespace bpfsh::runtime
