// Network hooks (docs/networking.md):
//   xdp:IFACE                       XDP on the interface (native, else generic)
//   tc:IFACE:ingress|egress         a tc (tcx) program on the interface
//   socket:IFACE                    a packet socket's filter: what tcpdump sees
//   cgroup_skb:PATH:ingress|egress  packets of the cgroup's sockets
//   cgroup_sock_addr:PATH:HOOK      connect4, bind4, sendmsg4, ... of the cgroup
//   cgroup_sock:PATH:HOOK           create, release, post_bind4, post_bind6
//   sockops:PATH                    TCP events of the cgroup's sockets
// Interfaces may be globs (xdp:veth*); a PATH not starting with '/' is
// below the cgroup2 file system's mount, which the runtime finds.
#include <array>

#include "sema/attach_context.h"

namespace bpfsh::sema {

namespace {

constexpr std::array kSockAddrHooks = {
    "bind4", "bind6", "connect4", "connect6", "getpeername4", "getpeername6", "getsockname4",
    "getsockname6", "sendmsg4", "sendmsg6", "recvmsg4", "recvmsg6",
};
constexpr std::array kSockHooks = {"create", "release", "post_bind4", "post_bind6"};
constexpr std::array kDirections = {"ingress", "egress"};

template <size_t N>
bool one_of(const std::string &s, const std::array<const char *, N> &names) {
  for (const char *n : names)
    if (s == n) return true;
  return false;
}

template <size_t N>
std::string listed(const std::array<const char *, N> &names) {
  std::string out;
  for (size_t i = 0; i < N; i++) out += std::string(i == 0 ? "" : i + 1 == N ? " or " : ", ") + names[i];
  return out;
}

// The interfaces `pattern` names, in index order; an error when none.
std::vector<std::string> matching_interfaces(AttachContext &c, const std::string &kind, const std::string &pattern) {
  std::vector<std::string> found, all = c.host().interfaces();
  for (auto &i : all)
    if (has_wildcard(pattern) ? wildcard_match(pattern, i) : i == pattern) found.push_back(i);
  if (found.empty()) {
    std::string hint = did_you_mean(pattern, all) + "list the interfaces with: bpfsh -l '" + kind + ":*'";
    c.missing(std::string("no network interface ") + (has_wildcard(pattern) ? "matches " : "named ") + pattern, hint);
  }
  return found;
}

void add_interfaces(AttachContext &c, ProbeType t, const std::string &kind, const std::string &pattern,
                    const std::string &direction) {
  auto found = matching_interfaces(c, kind, pattern);
  if (found.empty() || !c.room_for(found.size())) return;
  for (auto &iface : found) {
    auto pi = c.base(t, kind + ":" + iface + (direction.empty() ? "" : ":" + direction));
    pi.target = iface;
    pi.func = direction;
    c.info.probes.push_back(std::move(pi));
  }
}

}  // namespace

bool is_net_provider(const std::string &p) {
  return p == "xdp" || p == "tc" || p == "socket" || p == "sockops" || p.rfind("cgroup_", 0) == 0;
}

std::vector<std::string> cgroup_hooks(const std::string &provider) {
  std::vector<std::string> out;
  auto add = [&](auto &names) { out.insert(out.end(), std::begin(names), std::end(names)); };
  if (provider == "cgroup_skb") add(kDirections);
  if (provider == "cgroup_sock_addr") add(kSockAddrHooks);
  if (provider == "cgroup_sock") add(kSockHooks);
  if (provider == "sockops") out.push_back("");
  return out;
}

void resolve_interface_hook(AttachContext &c, const std::string &kind, const std::vector<std::string> &parts) {
  bool tc = kind == "tc";
  size_t want = tc ? 3 : 2;
  if (parts.size() != want || parts[1].empty()) {
    c.error(kind + " probe must be of the form " + kind + (tc ? ":INTERFACE:ingress|egress" : ":INTERFACE"),
            "for example " + kind + ":eth0" + (tc ? ":ingress" : ""));
    return;
  }
  if (tc && !one_of(parts[2], kDirections)) {
    c.error("tc direction should be ingress or egress, not '" + parts[2] + "'");
    return;
  }
  ProbeType t = kind == "xdp" ? ProbeType::Xdp : tc ? ProbeType::Tc : ProbeType::Socket;
  add_interfaces(c, t, kind, parts[1], tc ? parts[2] : "");
}

void resolve_cgroup_hook(AttachContext &c, const std::string &kind, const std::vector<std::string> &parts) {
  bool sockops = kind == "sockops";
  size_t want = sockops ? 2 : 3;
  std::string hooks = kind == "cgroup_skb"         ? listed(kDirections)
                      : kind == "cgroup_sock_addr" ? listed(kSockAddrHooks)
                                                   : listed(kSockHooks);
  if (parts.size() != want || parts[1].empty()) {
    c.error(kind + " probe must be of the form " + kind + ":CGROUP_PATH" + (sockops ? "" : ":HOOK"),
            sockops ? "for example sockops:/sys/fs/cgroup" : "HOOK is one of " + hooks);
    return;
  }
  if (has_wildcard(parts[1])) {
    c.error(kind + " probes do not take wildcards in the cgroup's path");
    return;
  }
  ProbeType t = ProbeType::Sockops;
  if (kind == "cgroup_skb") t = ProbeType::CgroupSkb;
  if (kind == "cgroup_sock_addr") t = ProbeType::CgroupSockAddr;
  if (kind == "cgroup_sock") t = ProbeType::CgroupSock;
  bool known = sockops || (t == ProbeType::CgroupSkb       ? one_of(parts[2], kDirections)
                           : t == ProbeType::CgroupSockAddr ? one_of(parts[2], kSockAddrHooks)
                                                            : one_of(parts[2], kSockHooks));
  if (!known) {
    c.error(kind + " has no hook '" + parts[2] + "'", "HOOK is one of " + hooks);
    return;
  }
  if (!c.room_for(1)) return;
  const std::string &path = parts[1];
  auto pi = c.base(t, kind + ":" + path + (sockops ? "" : ":" + parts[2]));
  pi.target = path;
  if (!sockops) pi.func = parts[2];
  c.info.probes.push_back(std::move(pi));
}

}  // namespace bpfsh::sema
