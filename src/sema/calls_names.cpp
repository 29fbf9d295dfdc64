// Type rules of the numbers user space names when it prints them (async,
// like username): strerror(), signal_name(), syscall_name(), cgroup_path().
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

// strerror(errno), signal_name(sig), syscall_name(nr): numbers named in
// user space when printed (async), like username.
void TypeChecker::check_named_number(ast::Call *n) {
  if (!arity(diags_, n, 1, 1)) return;
  if (!expect_int(n->args[0], n->name + "()'s argument")) return;
  n->type = Type::lookup(n->name);
}

// cgroup_path(id[, "filter"]): the cgroup's path, found in user space when printed.
void TypeChecker::check_cgroup_path(ast::Call *n) {
  if (!arity(diags_, n, 1, 2)) return;
  if (!expect_int(n->args[0], "cgroup_path()'s cgroup id")) return;
  n->type = Type::lookup("cgroup_path");
  if (n->args.size() == 2) {
    if (n->args[1]->kind != ast::ExprKind::Str) {
      diags_.error(n->args[1]->range, "cgroup_path() expects a string literal as its hierarchy filter");
      n->type = Type::none();
      return;
    }
    n->type.field_names.push_back(static_cast<ast::StrLit *>(n->args[1])->value);
  }
}

}  // namespace bpfsh::sema
