// socket:IFACE: a packet socket of bpfsh's own, bound to the interface, with
// the program as its filter: it sees every packet the interface sends and
// receives, as tcpdump does. The program keeps no bytes (sema's pass
// verdict for the hook), so nothing queues on a socket nobody reads.
// Closing the socket, when bpfsh ends however it ends, detaches it.
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/attach/attach.h"
#include "runtime/kernel_calls.h"

namespace bpfsh::runtime {

Result<Links> attach_socket_filter(const artifact::ProbeSpec &spec, bpf_program *prog) {
  auto ifindex = interface_index(spec);
  if (!ifindex) return fail(ifindex.error());
  int sock = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
  if (sock < 0) return fail(errno_message(probe_subject(spec), "failed to open a packet socket", errno));
  Links links;
  links.push_back(Link::owning_fd(sock));
  // The filter first: no packet reaches the socket unfiltered.
  if (kcall::attach_socket_filter(sock, bpf_program__fd(prog), probe_subject(spec)) != 0)
    return fail(attach_error(spec, errno));
  sockaddr_ll addr{};
  addr.sll_family = AF_PACKET;
  addr.sll_protocol = htons(ETH_P_ALL);
  addr.sll_ifindex = *ifindex;
  if (bind(sock, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0)
    return fail(errno_message(probe_subject(spec), "failed to bind to " + spec.target, errno));
  return links;
}

}  // namespace bpfsh::runtime
