// xdp:IFACE. A BPF link, so the program leaves the interface when bpfsh
// ends, however it ends. Flags 0 let the kernel choose: native XDP when the
// driver has it, else generic; when the driver refuses the native attach
// (some cannot run XDP in their current configuration), generic is tried.
#include <linux/if_link.h>
#include <net/if.h>

#include <cerrno>

#include "runtime/attach/attach.h"
#include "runtime/kernel_calls.h"

namespace bpfsh::runtime {

Result<int> interface_index(const artifact::ProbeSpec &spec) {
  unsigned idx = if_nametoindex(spec.target.c_str());
  if (idx == 0) return fail(errno_message(probe_subject(spec), "no network interface " + spec.target, errno));
  return static_cast<int>(idx);
}

Result<Links> attach_xdp(const artifact::ProbeSpec &spec, bpf_program *prog) {
  auto ifindex = interface_index(spec);
  if (!ifindex) return fail(ifindex.error());
  Links links;
  if (bpf_link *l = kcall::attach_xdp(prog, *ifindex, probe_subject(spec))) {
    links.emplace_back(l);
    return links;
  }
  int err = errno;
  // Busy: another XDP program holds the interface; generic mode would not help.
  if (err == EBUSY || err == EEXIST || err == ENOMEM) return fail(attach_error(spec, err));
  constexpr int kBpfXdp = 37;  // BPF_XDP
  int fd = kcall::link_create(bpf_program__fd(prog), *ifindex, kBpfXdp, XDP_FLAGS_SKB_MODE, probe_subject(spec));
  if (fd < 0) return fail(attach_error(spec, err));
  links.push_back(Link::owning_fd(fd));
  return links;
}

}  // namespace bpfsh::runtime
