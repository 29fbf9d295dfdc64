// Attach points of the network hooks and the types of their fields.
#include <gtest/gtest.h>

#include "sema/net_fields.h"
#include "sema/probe_list.h"
#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

using sema::ProbeType;
using test::analyse;

TEST(NetProbes, InterfaceHooksResolveAndExpandGlobs) {
  auto a = analyse("xdp:veth* { } tc:eth0:egress { } socket:lo { }");
  ASSERT_TRUE(a.ok) << a.first_error();
  ASSERT_EQ(a.info.probes.size(), 4u);
  EXPECT_EQ(a.info.probes[0].display, "xdp:veth0");
  EXPECT_EQ(a.info.probes[1].display, "xdp:veth1");
  EXPECT_EQ(a.info.probes[1].target, "veth1");
  EXPECT_EQ(a.info.probes[2].type, ProbeType::Tc);
  EXPECT_EQ(a.info.probes[2].func, "egress");
  EXPECT_EQ(a.info.probes[3].type, ProbeType::Socket);
}

TEST(NetProbes, CgroupHooksTakeAPath) {
  auto a = analyse("cgroup_skb:test:ingress { } cgroup_sock_addr:/sys/fs/cgroup/x:connect4 { } "
                   "cgroup_sock:x:post_bind4 { } sockops:x { }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(a.info.probes[0].target, "test");  // below the cgroup2 mount, which the runtime finds
  EXPECT_EQ(a.info.probes[1].display, "cgroup_sock_addr:/sys/fs/cgroup/x:connect4");
  EXPECT_EQ(a.info.probes[2].func, "post_bind4");
  EXPECT_EQ(a.info.probes[3].type, ProbeType::Sockops);
}

std::vector<std::string> listed(const std::string &pattern) {
  std::vector<std::string> warnings, out;
  for (auto &p : sema::list_probes(test::fake_host(), pattern, 0, false, warnings)) out.push_back(p.name);
  return out;
}

TEST(NetProbes, ListingNamesInterfacesAndCgroupHooks) {
  EXPECT_EQ(listed("xdp:*"), (std::vector<std::string>{"xdp:eth0", "xdp:lo", "xdp:veth0", "xdp:veth1"}));
  EXPECT_EQ(listed("tc:lo:*"), (std::vector<std::string>{"tc:lo:egress", "tc:lo:ingress"}));
  EXPECT_EQ(listed("cgroup_sock:*"), (std::vector<std::string>{"cgroup_sock:CGROUP:create", "cgroup_sock:CGROUP:post_bind4",
                                                                "cgroup_sock:CGROUP:post_bind6", "cgroup_sock:CGROUP:release"}));
  EXPECT_EQ(listed("sockops:*"), (std::vector<std::string>{"sockops:CGROUP"}));
}

TEST(NetProbes, BadHooksAreErrors) {
  EXPECT_NE(analyse("xdp:nosuch0 { }").first_error().find("no network interface named nosuch0"), std::string::npos);
  EXPECT_NE(analyse("tc:lo { }").first_error().find("tc:INTERFACE:ingress|egress"), std::string::npos);
  EXPECT_NE(analyse("cgroup_sock:x:bind9 { }").first_error().find("has no hook 'bind9'"), std::string::npos);
}

TEST(NetProbes, PacketFieldsAreTypedAndMarkTheProbe) {
  auto a = analyse("xdp:lo { @[pkt.tcp.dport, pkt.ip.ttl, ntop(pkt.ip6.saddr), macaddr(pkt.eth.src)] = count(); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_TRUE(a.info.probes[0].uses_pkt);
  auto b = analyse("xdp:lo { @ = count(); }");
  ASSERT_TRUE(b.ok) << b.first_error();
  EXPECT_FALSE(b.info.probes[0].uses_pkt);
}

TEST(NetProbes, AbsentLayersAreAskedWithHas) {
  auto a = analyse("tc:lo:ingress /has(pkt.udp) && pkt.ip.daddr == pton(\"192.0.2.1\")/ { @ = pkt.udp.len; }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_NE(analyse("xdp:lo { print(pkt.ip); }").first_error().find("pkt.ip is a layer, not a value"),
            std::string::npos);
}

TEST(NetProbes, VerdictsNeedUnsafe) {
  EXPECT_NE(analyse("xdp:lo { drop(); }").first_error().find("drop() is an unsafe function"), std::string::npos);
  sema::SemaOptions so;
  so.unsafe = true;
  EXPECT_TRUE(analyse("xdp:lo { drop(); } cgroup_sock:x:create { pass(); }", so).ok);
}

TEST(NetProbes, SocketContextFieldsComeFromTheUapiStructs) {
  auto a = analyse("cgroup_sock_addr:x:connect4 { @[ntop(ctx.user_ip4), ctx.user_port, ctx.protocol] = count(); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(sema::socket_ctx_field(ProbeType::CgroupSockAddr, "user_port")->offset, 24u);
}

TEST(NetProbes, PassVerdictsLetTrafficThrough) {
  EXPECT_EQ(sema::pass_verdict(ProbeType::Xdp), 2);  // XDP_PASS
  EXPECT_EQ(sema::pass_verdict(ProbeType::Tc), -1);  // TC_ACT_UNSPEC
  EXPECT_EQ(sema::pass_verdict(ProbeType::CgroupSkb), 1);
  EXPECT_FALSE(sema::drop_verdict(ProbeType::Socket));
}

}  // namespace
}  // namespace bpfsh
