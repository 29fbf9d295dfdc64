// The network probes' fields and verdicts: pkt.LAYER.FIELD and pkt.len in
// packet hooks, ctx.FIELD in socket hooks (sema/net_fields.h), has(pkt.LAYER),
// and drop()/pass(), which end the program with the hook's verdict.
#include "common/suggest.h"
#include "sema/net_fields.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

namespace {

bool is_named_builtin(const ast::Expr *e, const char *name) {
  return e->kind == ast::ExprKind::Builtin && static_cast<const ast::Builtin *>(e)->name == name;
}

// pkt.LAYER: the layer's name, else nullptr.
const ast::Field *layer_of(const ast::Expr *e) {
  if (e->kind != ast::ExprKind::Field) return nullptr;
  auto *f = static_cast<const ast::Field *>(e);
  return is_named_builtin(f->base, "pkt") ? f : nullptr;
}

Type field_type(const NetField &f) {
  if (f.kind == NetField::Kind::Bytes) return Type::array(Type::integer(8, false), f.size);
  return Type::integer(f.kind == NetField::Kind::Port ? 16 : f.size * 8, false);
}

std::string names_hint(const std::vector<std::string> &names) {
  std::string out;
  for (auto &n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

bool TypeChecker::check_net_field(ast::Field *n) {
  bool ctx = is_named_builtin(n->base, "ctx") && has_socket_ctx(probe_->type);
  const ast::Field *layer = layer_of(n->base);
  if (!ctx && !layer && !is_named_builtin(n->base, "pkt")) return false;
  if (!ctx && !has_packet(probe_->type)) {
    diags_.error(n->range, "pkt is only available in xdp, tc, socket and cgroup_skb probes, not in '" +
                               probe_->display + "'");
    return true;
  }
  std::string lname = layer ? layer->field : "";
  if (layer && !packet_layer_bit(lname)) {
    auto &d = diags_.error(layer->range, "pkt has no layer named '" + lname + "'");
    d.hints.push_back("the layers are eth, ip, ip6, tcp, udp and icmp");
    return true;
  }
  if (!ctx && !layer && packet_layer_bit(n->field)) {
    auto &d = diags_.error(n->range, "pkt." + n->field + " is a layer, not a value");
    d.hints.push_back("read one of its fields (" + names_hint(packet_field_names(n->field)) +
                      "), or test whether the packet has it: has(pkt." + n->field + ")");
    return true;
  }
  const NetField *f = ctx ? socket_ctx_field(probe_->type, n->field) : packet_field(lname, n->field);
  if (!f) {
    std::string what = ctx ? "ctx" : layer ? "pkt." + lname : "pkt";
    auto names = ctx ? socket_ctx_field_names(probe_->type) : packet_field_names(lname);
    auto &d = diags_.error(n->range, what + " has no field named '" + n->field + "'");
    if (auto near = closest_name(n->field, names)) d.hints.push_back("did you mean '" + *near + "'?");
    d.hints.push_back(what + "'s fields are: " + names_hint(names));
    return true;
  }
  if (!ctx && probe_->type == ProbeType::CgroupSkb && lname == "eth") {
    diags_.error(n->range, "cgroup_skb packets start at the IP header: they have no pkt.eth");
    return true;
  }
  if (!ctx) probe_->uses_pkt = true;
  n->offset = f->offset;
  n->type = field_type(*f);
  return true;
}

// has(pkt.LAYER): whether the packet holds that layer.
void TypeChecker::check_has(ast::Call *n) {
  const ast::Field *layer = layer_of(n->args[0]);
  if (!layer || !packet_layer_bit(layer->field)) {
    auto &d = diags_.error(n->args[0]->range, "has() takes a layer of the packet: pkt.eth, pkt.ip, pkt.ip6, "
                                              "pkt.tcp, pkt.udp or pkt.icmp");
    if (layer) d.hints.push_back("pkt has no layer named '" + layer->field + "'");
    return;
  }
  probe_->uses_pkt = true;
  n->type = Type::boolean();
}

// drop() and pass(): the hook's verdict, and the program ends (as exit()'s
// own does).
void TypeChecker::check_verdict(ast::Call *n) {
  if (n->name == "drop" && !drop_verdict(probe_->type)) {
    diags_.error(n->range, "'" + probe_->display + "' probes have no drop verdict");
    return;
  }
  n->type = Type::none();
}

// redirect(ifindex): bpf_redirect's verdict, and the program ends.
void TypeChecker::check_redirect(ast::Call *n) {
  if (!expect_int(n->args[0], "redirect()'s interface index")) return;
  n->type = Type::none();
}

// pcap("file"[, N]): the file is the runtime's to open, so it must be
// known before the run; N sizes the copy, so it is a literal too.
void TypeChecker::check_pcap(ast::Call *n) {
  ast::Expr *file = n->args[0];
  if (file->kind != ast::ExprKind::Str || static_cast<ast::StrLit *>(file)->value.empty()) {
    diags_.error(file->range, "pcap() expects the file's name as a string literal");
    return;
  }
  if (n->args.size() == 2) {
    ast::Expr *len = n->args[1];
    uint64_t v = len->kind == ast::ExprKind::Int ? static_cast<ast::IntLit *>(len)->value : 0;
    if (len->kind != ast::ExprKind::Int || v < 1 || v > kMaxCaptureBytes) {
      auto &d = diags_.error(len->range, "pcap()'s byte count must be an integer literal from 1 to " +
                                             std::to_string(kMaxCaptureBytes));
      d.hints.push_back("it is how many of each packet's first bytes the file keeps");
      return;
    }
  }
  n->type = Type::none();
}

}  // namespace bpfsh::sema
