// rawtracepoint:EVENT (BPF_RAW_TRACEPOINT_OPEN; no tracefs needed).
#include <bpf/libbpf.h>

#include <cerrno>

#include "runtime/attach/attach.h"

namespace bpfsh::runtime {

Result<Links> attach_raw_tracepoint(const artifact::ProbeSpec &spec, bpf_program *prog) {
  const std::string &event = spec.target.empty() ? spec.func : spec.target;
  bpf_link *l = bpf_program__attach_raw_tracepoint(prog, event.c_str());
  if (!l) return fail(attach_error(spec, errno));
  Links links;
  links.emplace_back(l);
  return links;
}

}  // namespace bpfsh::runtime
