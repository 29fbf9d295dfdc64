// Type rules and registry rows of the kernel's socket buffers and sockets
// as tracing programs see them: skboutput() (bpf_skb_output) and
// socket_cookie() (bpf_get_socket_cookie). In those programs the kernel
// takes each helper's skb or sock only as a pointer it has typed, and only
// in fentry/fexit (kernel/trace/bpf_trace.c, tracing_prog_func_proto).
#include "sema/kernel_typed.h"
#include "sema/registry/families.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

// `e` must point to `record` (a struct sk_buff, a struct sock) by a member
// chain the verifier types (sema/kernel_typed.h).
bool TypeChecker::expect_kernel_typed(ast::Expr *e, const char *fn, const char *record, const char *example) {
  const Type &t = e->type;
  if (t.is_none()) return false;
  if (!t.is_ptr() || t.elems.empty() || t.elems[0].name != record) {
    diags_.error(e->range, std::string(fn) + "() only supports '" + record + " *' as the argument (" +
                               (t.is_ptr() && !t.elems.empty() && t.elems[0].is_record() ? "'" + t.str() + "'"
                                                                                         : t.str()) +
                               " provided)");
    return false;
  }
  if (kernel_typed_chain(e, probe_->type)) return true;
  auto &d = diags_.error(e->range, std::string(fn) + "() needs a pointer the kernel has typed: a member chain from args");
  d.hints.push_back(std::string("for example ") + example);
  d.hints.push_back("the kernel refuses an address held in a variable or made by a cast");
  return false;
}

// skboutput("file", skb, len, offset): the file is the runtime's to open,
// so its name is a literal; len and offset may be worked out at run time.
void TypeChecker::check_skboutput(ast::Call *n) {
  ast::Expr *file = n->args[0];
  if (file->kind != ast::ExprKind::Str || static_cast<ast::StrLit *>(file)->value.empty()) {
    diags_.error(file->range, "skboutput() expects the file's name as a string literal");
    return;
  }
  if (!expect_kernel_typed(n->args[1], "skboutput", "struct sk_buff",
                           "skboutput(\"out.pcap\", args.skb, args.skb->len, 0)"))
    return;
  if (!expect_int(n->args[2], "skboutput()'s length") || !expect_int(n->args[3], "skboutput()'s offset")) return;
  info_.skb_output = true;
  n->type = Type::integer(64, true);
}

// socket_cookie(sk): the socket's cookie, made on first use and kept for
// its life; 0 for a NULL sk.
void TypeChecker::check_socket_cookie(ast::Call *n) {
  if (!expect_kernel_typed(n->args[0], "socket_cookie", "struct sock", "socket_cookie(args.sk)")) return;
  n->type = Type::integer(64, false);
}

}  // namespace bpfsh::sema

namespace bpfsh::sema::registry {

std::span<const Row> skb_rows() {
  constexpr Family F = Family::Net;
  const unsigned tracing = probe_bit(ProbeType::Fentry) | probe_bit(ProbeType::Fexit);
  static const Row rows[] = {
      {.name = "skboutput", .family = F, .signature = "skboutput(\"file\", skb, len, offset)",
       .doc = "Writes len bytes of a struct sk_buff's data, less the first offset, to a raw-IP pcap file; 0 or -errno.",
       .min_args = 4, .max_args = 4, .check = &TypeChecker::check_skboutput, .probes = tracing,
       .wording = ProbeWording::Listed, .emit = EmitId::SkbOutput},
      {.name = "socket_cookie", .family = F, .signature = "socket_cookie(sk)",
       .doc = "The kernel's cookie of a struct sock: one number per socket for its life, 0 for NULL.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_socket_cookie, .probes = tracing,
       .wording = ProbeWording::Listed, .emit = EmitId::SocketCookie},
  };
  return rows;
}

}  // namespace bpfsh::sema::registry
