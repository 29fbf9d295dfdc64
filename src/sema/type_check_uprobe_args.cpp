// Types of uprobe arguments by name and of a uretprobe's return value, from
// the probed binary's DWARF (host::DebugInfo, seen through BinaryTypes): the
// function's prototype types them, and where each parameter is at the
// function's entry (a register, a stack slot) says how codegen reads it.
#include "sema/binary_types.h"
#include "sema/kernel_funcs.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

namespace {

using Place = host::ParamPlace;

std::string names_of(const kernel_funcs::Signature &sig) {
  std::string names;
  for (auto &p : sig.params) names += (names.empty() ? "" : ", ") + p.name;
  return names;
}

}  // namespace

void TypeChecker::check_uprobe_arg(ast::Field *n) {
  KernelTypes &types = info_.binary_types->of(probe_->target);
  std::string why;
  if (!types.available(&why)) {
    diags_.error(n->range, "the arguments of " + probe_->func + " are not known: " + why);
    return;
  }
  auto fn = types.debug_info()->functions.find(probe_->func);
  auto sig = kernel_funcs::signature(types, probe_->func);
  if (fn == types.debug_info()->functions.end() || !sig) {
    const std::string &incomplete = types.debug_info()->incomplete;
    diags_.error(n->range, "the arguments of " + probe_->func + " are not known: " +
                               (incomplete.empty() ? types.debug_info()->file + " has no DWARF for it" : incomplete));
    return;
  }
  if (probe_->linked_address != fn->second.address) {
    diags_.error(n->range, "args is known at the entry of " + probe_->func + " only, not at '" + probe_->display + "'");
    return;
  }
  for (size_t i = 0; i < sig->params.size() && i < fn->second.places.size(); i++) {
    if (sig->params[i].name != n->field) continue;
    const Place &at = fn->second.places[i];
    if (at.kind == Place::Kind::Unavailable) {
      diags_.error(n->range, "argument '" + n->field + "' of " + probe_->func + " is not available at '" +
                                 probe_->display + "': " + at.why);
      return;
    }
    n->type = sig->params[i].type;
    n->on_stack = at.kind == Place::Kind::Stack;
    n->offset = static_cast<uint32_t>(n->on_stack ? at.offset : at.reg);
    return;
  }
  auto &d = diags_.error(n->range, "function " + probe_->func + " has no argument named '" + n->field + "'");
  std::string names = names_of(*sig);
  d.hints.push_back(names.empty() ? probe_->func + " takes no arguments" : "its arguments are: " + names);
}

// `args` as a whole value in a uprobe (print(args), @m = args): a record
// literal of every argument by name, each read as args.NAME is.
void TypeChecker::lower_uprobe_args(ast::Builtin *n) {
  if (!n->lowered) {
    KernelTypes &types = info_.binary_types->of(probe_->target);
    auto sig = types.available() ? kernel_funcs::signature(types, probe_->func) : std::nullopt;
    if (!sig || sig->params.empty()) {
      // args.NAME's check says why, or that there is nothing to name.
      auto *f = info_.lowered_node<ast::Field>(n->range);
      f->base = n;
      f->field = "";
      if (sig) diags_.error(n->range, probe_->func + " takes no arguments: '" + probe_->display + "' has no args");
      else check_uprobe_arg(f);
      return;
    }
    auto *rec = info_.lowered_node<ast::Record>(n->range);
    for (auto &p : sig->params) {
      auto *f = info_.lowered_node<ast::Field>(n->range);
      auto *base = info_.lowered_node<ast::Builtin>(n->range);
      base->name = "args";
      f->base = base;
      f->field = p.name;
      rec->names.push_back(p.name);
      rec->elems.push_back(f);
    }
    n->lowered = rec;
  }
  walk(n->lowered);
  n->type = n->lowered->type;
}

// Without DWARF, retval stays the 64-bit integer it always was.
void TypeChecker::check_uretprobe_retval(ast::Builtin *n) {
  KernelTypes &types = info_.binary_types->of(probe_->target);
  if (!types.available()) return;
  auto sig = kernel_funcs::signature(types, probe_->func);
  if (!sig) return;
  if (!sig->ret) {
    n->type = ast::Type{};
    diags_.error(n->range, "function " + probe_->func + " returns void: '" + probe_->display + "' has no retval");
    return;
  }
  if (sig->ret->is_record() || sig->ret->is_array() || sig->ret->is_str()) return;  // not in rax
  n->type = *sig->ret;
}

}  // namespace bpfsh::sema
