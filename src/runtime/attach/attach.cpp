#include "runtime/attach/attach.h"

namespace bpfsh::runtime {

std::string probe_subject(const artifact::ProbeSpec &spec) {
  return "probe '" + (spec.display.empty() ? spec.prog_name : spec.display) + "'";
}

std::string attach_error(const artifact::ProbeSpec &spec, int err) {
  return errno_message(probe_subject(spec), "failed to attach", err);
}

Result<Links> attach_probe(const artifact::ProbeSpec &spec, bpf_program *prog) {
  using K = artifact::ProbeKind;
  if (!prog) return fail(probe_subject(spec) + ": program '" + spec.prog_name + "' is not in the BPF object");
  switch (spec.type) {
    case K::Tracepoint: return attach_tracepoint(spec, prog);
    case K::RawTracepoint: return attach_raw_tracepoint(spec, prog);
    case K::Uprobe:
    case K::Uretprobe: return attach_uprobe(spec, prog);
    case K::Interval: return attach_interval(spec, prog);
    case K::Profile: return attach_profile(spec, prog);
    case K::Kprobe:
    case K::Kretprobe: return attach_kprobe(spec, prog);
    case K::Fentry:
    case K::Fexit: return attach_fentry(spec, prog);
    case K::Usdt: return attach_usdt(spec, prog);
    case K::Software:
    case K::Hardware: return attach_perf_counter(spec, prog);
    case K::Watchpoint: return attach_watchpoint(spec, prog);
    case K::Iter: return attach_iter(spec, prog);
    case K::Xdp: return attach_xdp(spec, prog);
    case K::Tc: return attach_tc(spec, prog);
    case K::Socket: return attach_socket_filter(spec, prog);
    case K::CgroupSkb:
    case K::CgroupSockAddr:
    case K::CgroupSock:
    case K::Sockops: return attach_cgroup(spec, prog);
    case K::Begin:
    case K::End:
    case K::SelfSignal: break;
  }
  return Links{};
}

Result<void> prepare_probe(const artifact::ProbeSpec &spec, bpf_program *prog) {
  using K = artifact::ProbeKind;
  if (!prog) return {};
  if (spec.type == K::Fentry || spec.type == K::Fexit) return prepare_fentry(spec, prog);
  return {};
}

std::optional<std::string> explain_load_failure(const artifact::ProbeSpec &spec, int err, bool verifier_ran) {
  using K = artifact::ProbeKind;
  if (spec.type == K::Fentry || spec.type == K::Fexit) return fentry_load_error(spec, err, verifier_ran);
  return std::nullopt;
}

}  // namespace bpfsh::runtime
