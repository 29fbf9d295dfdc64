// tc:IFACE:ingress|egress, as a tcx link (kernel 6.6 and later): the program
// runs before any classic tc filter, and the link goes with bpfsh however it
// ends, so nothing is left on the interface and no qdisc is needed. A
// kernel without tcx links gets a clsact qdisc and a netlink filter
// instead (tc_clsact.h), as does a run with BPFSH_TC_NETLINK=1, which the
// tests use to try that path on this machine's kernel.
// libbpf 1.1 has no name for the tcx attach types: BPF_LINK_CREATE with
// their numbers.
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "runtime/attach/attach.h"
#include "runtime/attach/tc_clsact.h"
#include "runtime/kernel_calls.h"

namespace bpfsh::runtime {

namespace {
constexpr int kTcxIngress = 46, kTcxEgress = 47;  // BPF_TCX_INGRESS, BPF_TCX_EGRESS

bool netlink_forced() {
  const char *v = std::getenv("BPFSH_TC_NETLINK");
  return v && std::strcmp(v, "1") == 0;
}
}  // namespace

Result<Links> attach_tc(const artifact::ProbeSpec &spec, bpf_program *prog) {
  auto ifindex = interface_index(spec);
  if (!ifindex) return fail(ifindex.error());
  remove_tc_leftovers();
  Links links;
  if (!netlink_forced()) {
    int type = spec.func == "egress" ? kTcxEgress : kTcxIngress;
    int fd = kcall::link_create(bpf_program__fd(prog), *ifindex, type, 0, probe_subject(spec));
    if (fd >= 0) {
      links.push_back(Link::owning_fd(fd));
      return links;
    }
    // EINVAL: a kernel that does not know the attach type.
    if (errno != EINVAL) return fail(attach_error(spec, errno));
  }
  auto link = attach_tc_clsact(probe_subject(spec), prog, *ifindex, spec.target, spec.func);
  if (!link) return fail(link.error());
  links.push_back(std::move(*link));
  return links;
}

}  // namespace bpfsh::runtime
