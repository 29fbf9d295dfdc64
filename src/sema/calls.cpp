// Calls and builtin variables, dispatched through the registry: the checks
// every row shares (argument form, --unsafe, arity, probe types) are made
// here, from the row; then the row's own check runs.
#include "common/suggest.h"
#include "sema/builtins.h"
#include "sema/registry/registry.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using registry::ArgForm;
using registry::ProbeWording;

bool TypeChecker::is_aggregation(const std::string &name) const {
  const registry::Row *r = registry::function(name);
  return r && r->family == registry::Family::Aggregates;
}

void TypeChecker::visit(ast::Call *n) {
  const registry::Row *row = registry::function(n->name);
  // comm() is comm; comm(pid) is the function row of the same name.
  if ((!row || row->min_args > 0) && n->args.empty() && lookup_builtin(n->name, info_.strlen))
    return call_as_builtin(n);
  if (!row) {
    auto &d = diags_.error(n->range, "Unknown function: " + n->name);
    if (auto near = closest_name(n->name, registry::function_names())) d.hints.push_back("did you mean " + *near + "()?");
    return;
  }
  // A map argument names the map, not its value; words are not expressions.
  bool format = n->name == "printf" || n->name == "errorf" || n->name == "warnf";
  if (row->args != ArgForm::Map && row->args != ArgForm::Words)
    for (size_t i = 0; i < n->args.size(); i++) {
      if ((format && i == 0) || n->name == "cgroupid") long_literal_ok_ = n->args[i];
      walk(n->args[i]);
      long_literal_ok_ = nullptr;
    }
  if (!row_allows(*row, n)) return;
  (this->*(row->check))(n);
}

// The rules the row states: --unsafe, a literal format, the argument count
// and the probe types.
bool TypeChecker::row_allows(const registry::Row &row, ast::Call *n) {
  if (row.unsafe && !unsafe_) {
    auto &d = diags_.error(n->range, n->name + "() is an unsafe function");
    d.hints.push_back("run with --unsafe to allow it");
    return false;
  }
  if (row.args == ArgForm::Format && (n->args.empty() || n->args[0]->kind != ast::ExprKind::Str)) {
    diags_.error(n->range, n->name + "() needs a string literal as its first argument");
    return false;
  }
  if (!arity(diags_, n, row.min_args, row.max_args)) return false;
  if (row.probes & registry::probe_bit(probe_->type)) return true;
  std::string phrase = registry::probes_phrase(row.probes, row.wording);
  switch (row.wording) {
    case ProbeWording::Named:
      diags_.error(n->range, n->name + " can not be used with '" + probe_->display + "' probes");
      break;
    case ProbeWording::Listed:
      diags_.error(n->range, "The " + n->name + " function can only be used with " + phrase + " probes");
      break;
    case ProbeWording::Excluded:
      diags_.error(n->range, n->name + "() can not be used in " + phrase + " probes");
      break;
  }
  return false;
}

bool arity(Diagnostics &diags, ast::Call *n, size_t lo, size_t hi) {
  if (n->args.size() >= lo && (hi == registry::kVariadic || n->args.size() <= hi)) return true;
  std::string want = hi == registry::kVariadic ? "at least " + std::to_string(lo)
                     : lo == hi                ? std::to_string(lo)
                                               : std::to_string(lo) + " to " + std::to_string(hi);
  diags.error(n->range, n->name + "() takes " + want + " argument" + (hi == 1 ? "" : "s") + ", " +
                            std::to_string(n->args.size()) + " given");
  return false;
}

// pid(), comm(), probetype(): a builtin called without arguments is the builtin.
void TypeChecker::call_as_builtin(ast::Call *n) {
  if (!n->lowered) {
    auto *b = info_.lowered_node<ast::Builtin>(n->range);
    b->name = n->name;
    n->lowered = b;
  }
  walk(n->lowered);
  // Codegen follows one lowering: skip to what the builtin became, if anything.
  if (n->lowered->lowered) n->lowered = n->lowered->lowered;
  n->type = n->lowered->type;
}

// ppid, probetype, has_cpid, ...: the variables whose row names a lowering.
bool TypeChecker::lower_builtin(ast::Builtin *n) {
  const registry::Row *row = registry::variable(n->name);
  return row && row->lower && (this->*(row->lower))(n);
}

}  // namespace bpfsh::sema
