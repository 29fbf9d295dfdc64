// Type rules and registry rows of the network addresses: ntop (bytes as
// text), pton (a literal as bytes), and == / != on byte arrays, which is how
// pton()'s bytes meet a kernel struct's.
#include "sema/net_addr.h"
#include "sema/registry/families.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

// ntop([af, ]addr): an IPv4 address held in an integer (network byte order,
// as the kernel stores it), or 4/16 address bytes in a string-sized buffer.
void TypeChecker::check_ntop(ast::Call *n) {
  if (n->args.size() == 2 && !expect_int(n->args[0], "ntop()'s address family")) return;
  ast::Expr *addr = n->args.back();
  if (addr->type.is_none()) return;
  uint32_t bytes = addr->type.is_str() || addr->type.is_array() ? addr->type.c_size() : 0;
  if ((addr->type.is_str() || addr->type.is_array()) && bytes != 4 && bytes != 16) {
    diags_.error(addr->range, "ntop() needs 4 (IPv4) or 16 (IPv6) address bytes, not a " +
                                  (addr->type.is_str() ? std::string("string") : addr->type.str()));
    return;
  }
  if (!bytes && !expect_int(addr, "ntop()'s address")) return;
  n->type = Type::inet();
}

// pton("1.2.3.4") / pton("::1"): the address's bytes, worked out now.
void TypeChecker::check_pton(ast::Call *n) {
  ast::Expr *a = n->args[0];
  if (a->kind != ast::ExprKind::Str) {
    diags_.error(a->range, "pton() expects a string literal, got " + (a->type.is_none() ? "an expression" : a->type.str()));
    return;
  }
  auto parsed = parse_ip_address(static_cast<ast::StrLit *>(a)->value);
  if (auto *why = std::get_if<std::string>(&parsed)) {
    diags_.error(a->range, "pton() " + *why);
    return;
  }
  n->type = Type::array(Type::integer(8, false), static_cast<uint32_t>(std::get<0>(parsed).size()));
}

// a == b, a != b on arrays, as upstream: the same number of same-sized
// integers, compared byte for byte.
void TypeChecker::check_array_compare(ast::Binary *n) {
  const Type &l = n->lhs->type, &r = n->rhs->type;
  if (n->op != ast::BinOp::Eq && n->op != ast::BinOp::Ne) {
    diags_.error(n->range, std::string("The ") + ast::binop_str(n->op) + " operator cannot be used on arrays.");
    return;
  }
  if (!l.is_array() || !r.is_array()) {
    diags_.error(n->range, "operator " + std::string(ast::binop_str(n->op)) + " can not be applied to " +
                               l.str() + " and " + r.str());
    return;
  }
  if (l.count != r.count) {
    diags_.error(n->range, "Only arrays of same size support comparison operators.");
    return;
  }
  if (!l.elems[0].is_int() || !r.elems[0].is_int() || l.elems[0].bits != r.elems[0].bits) {
    diags_.error(n->range, "Only arrays of same sized integer support comparison operators.");
    return;
  }
  // Each side is copied to the stack to be compared.
  if (l.c_size() > kMaxComparedArray) {
    diags_.error(n->range, "comparing arrays of more than " + std::to_string(kMaxComparedArray) +
                               " bytes is not supported");
    return;
  }
  n->type = Type::boolean();
}

}  // namespace bpfsh::sema

namespace bpfsh::sema::registry {

std::span<const Row> net_rows() {
  constexpr Family F = Family::Net;
  const unsigned packets = probe_bit(ProbeType::Xdp) | probe_bit(ProbeType::Tc) | probe_bit(ProbeType::Socket) |
                           probe_bit(ProbeType::CgroupSkb);
  const unsigned verdicts = packets | probe_bit(ProbeType::CgroupSockAddr) | probe_bit(ProbeType::CgroupSock);
  static const Row rows[] = {
      {.name = "ntop", .family = F, .signature = "ntop([af, ]addr)",
       .doc = "An IPv4 or IPv6 address as text: addr is an integer (IPv4, network order) or 4 or 16 bytes.",
       .min_args = 1, .max_args = 2, .check = &TypeChecker::check_ntop, .emit = EmitId::Ntop},
      {.name = "pton", .family = F, .signature = "pton(\"addr\")",
       .doc = "The bytes of an IPv4 (uint8[4]) or IPv6 (uint8[16]) address literal, worked out at compile time.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_pton, .emit = EmitId::Pton},
      {.name = "has", .family = F, .signature = "has(pkt.LAYER)",
       .doc = "Whether the packet has the layer (eth, ip, ip6, tcp, udp, icmp); an absent layer's fields read 0.",
       .min_args = 1, .max_args = 1, .args = ArgForm::Words, .check = &TypeChecker::check_has,
       .probes = packets, .wording = ProbeWording::Listed, .emit = EmitId::HasLayer},
      {.name = "drop", .family = F, .signature = "drop()",
       .doc = "Drops the packet (or refuses the socket call) and ends the program.",
       .min_args = 0, .max_args = 0, .unsafe = true, .check = &TypeChecker::check_verdict,
       .probes = verdicts, .wording = ProbeWording::Listed, .emit = EmitId::Verdict},
      {.name = "pass", .family = F, .signature = "pass()",
       .doc = "Lets the packet (or the socket call) go on and ends the program; what every network program does by default.",
       .min_args = 0, .max_args = 0, .unsafe = true, .check = &TypeChecker::check_verdict,
       .probes = verdicts, .wording = ProbeWording::Listed, .emit = EmitId::Verdict},
      {.name = "pcap", .family = F, .signature = "pcap(\"file\"[, N])",
       .doc = "Writes the packet (its first N bytes, up to 65535, the default) to a pcap file tcpdump -r reads.",
       .min_args = 1, .max_args = 2, .check = &TypeChecker::check_pcap,
       .probes = packets, .wording = ProbeWording::Listed, .emit = EmitId::Pcap},
      {.name = "redirect", .family = F, .signature = "redirect(ifindex)",
       .doc = "Sends the packet out of the interface with that index instead, and ends the program.",
       .min_args = 1, .max_args = 1, .unsafe = true, .check = &TypeChecker::check_redirect,
       .probes = probe_bit(ProbeType::Xdp) | probe_bit(ProbeType::Tc), .wording = ProbeWording::Listed,
       .emit = EmitId::Redirect},
  };
  return rows;
}

}  // namespace bpfsh::sema::registry
