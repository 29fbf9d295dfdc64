// Types of fentry/fexit arguments and of fexit's return value: the traced
// function's BTF prototype gives both, and their place in the context (an
// array of u64: the arguments, then the return value).
#include "sema/kernel_funcs.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

void TypeChecker::check_fentry_arg(ast::Field *n) {
  auto sig = kernel_funcs::signature(*info_.kernel_types, probe_->func);
  if (!sig) {
    diags_.error(n->range, "the arguments of " + probe_->func + " are not known: the kernel's BTF lacks it");
    return;
  }
  for (auto &p : sig->params) {
    if (p.name != n->field) continue;
    n->offset = p.offset;
    n->type = p.type;
    return;
  }
  auto &d = diags_.error(n->range, "function " + probe_->func + " has no argument named '" + n->field + "'");
  std::string names;
  for (auto &p : sig->params) names += (names.empty() ? "" : ", ") + p.name;
  d.hints.push_back(names.empty() ? probe_->func + " takes no arguments" : "its arguments are: " + names);
}

void TypeChecker::check_fexit_retval(ast::Builtin *n) {
  auto sig = kernel_funcs::signature(*info_.kernel_types, probe_->func);
  if (!sig) return;  // the resolver required BTF; keep the 64-bit default
  if (!sig->ret) {
    n->type = ast::Type{};
    diags_.error(n->range, "function " + probe_->func + " returns void: '" + probe_->display + "' has no retval");
    return;
  }
  n->type = *sig->ret;
}

}  // namespace bpfsh::sema
