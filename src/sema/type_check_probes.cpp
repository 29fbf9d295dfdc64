// Builtins typed by the probe they are in:
//   argN in usdt      exists only for the site's own arguments
//   ctx in iter       struct bpf_iter__NAME *, from kernel BTF
#include "sema/builtins.h"
#include "sema/kernel_types.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

bool TypeChecker::check_probe_builtin(ast::Builtin *n) {
  int arg = arg_index(n->name);
  if (probe_->type == ProbeType::Usdt && arg >= 0) {
    size_t count = probe_->usdt_args.size();
    if (static_cast<size_t>(arg) >= count) {
      diags_.error(n->range, "usdt probe '" + probe_->display + "' has " + std::to_string(count) +
                                 " argument" + (count == 1 ? "" : "s") + ": " + n->name + " is out of range");
      return false;
    }
    const UsdtArg &a = probe_->usdt_args[arg];
    n->type = ast::Type::integer(64, a.is_signed);
    return true;
  }
  if (n->name == "ctx" && probe_->type == ProbeType::Iter) {
    auto record = info_.kernel_types->named("struct bpf_iter__" + probe_->func);
    if (!record) {
      diags_.error(n->range, "ctx: the kernel's BTF has no struct bpf_iter__" + probe_->func);
      return false;
    }
    n->type = ast::Type::pointer(*record);
  }
  return true;
}

}  // namespace bpfsh::sema
