// tc:IFACE:ingress|egress, as a tcx link (kernel 6.6 and later): the program
// runs before any classic tc filter, and the link goes with bpfsh however it
// ends, so nothing is left on the interface and no qdisc is needed.
// libbpf 1.1 has no name for the tcx attach types: BPF_LINK_CREATE with
// their numbers.
#include <cerrno>

#include "runtime/attach/attach.h"
#include "runtime/kernel_calls.h"

namespace bpfsh::runtime {

namespace {
constexpr int kTcxIngress = 46, kTcxEgress = 47;  // BPF_TCX_INGRESS, BPF_TCX_EGRESS
}

Result<Links> attach_tc(const artifact::ProbeSpec &spec, bpf_program *prog) {
  auto ifindex = interface_index(spec);
  if (!ifindex) return fail(ifindex.error());
  int type = spec.func == "egress" ? kTcxEgress : kTcxIngress;
  int fd = kcall::link_create(bpf_program__fd(prog), *ifindex, type, 0, probe_subject(spec));
  if (fd < 0) {
    int err = errno;
    if (err == EINVAL)
      return fail(probe_subject(spec) + ": failed to attach: this kernel has no tcx links (Linux 6.6 and later "
                                        "have them); tc probes need one");
    return fail(attach_error(spec, err));
  }
  Links links;
  links.push_back(Link::owning_fd(fd));
  return links;
}

}  // namespace bpfsh::runtime
