// Type rules and registry row of path() (bpf_d_path): where the kernel
// allows it, and on what.
#include <algorithm>

#include "sema/kernel_typed.h"
#include "sema/registry/families.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

// path(p[, size]): the full path of a struct path, by bpf_d_path (kernel
// 5.10). The kernel allows that helper only in iterators, sleepable LSM
// programs and fentry/fexit of an allowlist of functions (kernel/trace/
// bpf_trace.c, btf_allowlist_d_path); the row holds those probe types, and
// its wording names them as upstream's message does.
void TypeChecker::check_path(ast::Call *n) {
  ProbeType pt = probe_->type;
  ast::Expr *a = n->args[0];
  const Type &t = a->type;
  if (t.is_none()) return;
  if (!t.is_record() && !t.is_ptr()) {
    diags_.error(a->range, "path() only supports pointer or record argument (" + t.str() + " provided)");
    return;
  }
  const Type *rec = t.is_record() ? &t : t.elems.empty() ? nullptr : &t.elems[0];
  if (!rec || rec->name != "struct path") {
    diags_.error(a->range, "path() expects a struct path or a pointer to one, not " + t.str());
    return;
  }
  if (!kernel_typed_chain(a, pt)) {
    auto &d = diags_.error(a->range, "path() needs a pointer the kernel has typed: a member chain from " +
                                         std::string(pt == ProbeType::Iter ? "ctx" : "args"));
    d.hints.push_back(pt == ProbeType::Iter ? "for example path(ctx->file->f_path)"
                                            : "for example path(args.file->f_path)");
    d.hints.push_back("bpf_d_path refuses an address held in a variable or made by a cast");
    return;
  }
  uint32_t size = info_.strlen;
  if (n->args.size() == 2) {
    if (n->args[1]->kind != ast::ExprKind::Int) {
      diags_.error(n->args[1]->range, "path: invalid size value, need non-negative literal");
      return;
    }
    // Strings live on the BPF stack, so max_strlen bounds the buffer too.
    uint64_t want = static_cast<ast::IntLit *>(n->args[1])->value;
    size = static_cast<uint32_t>(std::clamp<uint64_t>(want, 1, info_.strlen));
  }
  n->type = Type::string(size);
}

}  // namespace bpfsh::sema

namespace bpfsh::sema::registry {

std::span<const Row> path_rows() {
  // Where the kernel allows bpf_d_path (see check_path).
  const unsigned allowed = probe_bit(ProbeType::Fentry) | probe_bit(ProbeType::Fexit) | probe_bit(ProbeType::Iter);
  static const Row rows[] = {
      {.name = "path", .family = Family::Path, .signature = "path(p[, size])",
       .doc = "The full path of a struct path the kernel typed (a member chain from args or ctx), at most size bytes.",
       .min_args = 1, .max_args = 2, .check = &TypeChecker::check_path, .probes = allowed,
       .wording = ProbeWording::Listed, .emit = EmitId::Path},
  };
  return rows;
}

}  // namespace bpfsh::sema::registry
