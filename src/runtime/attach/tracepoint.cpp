// tracepoint:CATEGORY:EVENT, through a perf-event link (needs tracefs).
#include <bpf/libbpf.h>

#include <cerrno>

#include "runtime/attach/attach.h"

namespace bpfsh::runtime {

Result<Links> attach_tracepoint(const codegen::ProbeSpec &spec, bpf_program *prog) {
  bpf_link *l = bpf_program__attach_tracepoint(prog, spec.target.c_str(), spec.func.c_str());
  if (!l) return fail(attach_error(spec, errno));
  Links links;
  links.emplace_back(l);
  return links;
}

}  // namespace bpfsh::runtime
