// Type rules of the functions whose work happens in user space at run time
// (time, errorf, warnf, join) and of signal() and signal_thread(), which act
// on the traced task.
#include <csignal>

#include "sema/signals.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

namespace {

bool is_str_lit(const ast::Expr *e) { return e->kind == ast::ExprKind::Str; }

}  // namespace

// time([fmt]): fmt is a strftime format, a literal (it is applied in user space).
void TypeChecker::check_time(ast::Call *n) {
  if (!arity(diags_, n, 0, 1)) return;
  if (n->args.size() == 1 && !is_str_lit(n->args[0]))
    diags_.error(n->args[0]->range, "time() expects a string literal as its format");
}

void TypeChecker::check_message(ast::Call *n) { check_format(n, n->name); }

// strftime(fmt, nsecs): a timestamp, formatted in user space when printed.
void TypeChecker::check_strftime(ast::Call *n) {
  if (!arity(diags_, n, 2, 2)) return;
  if (!is_str_lit(n->args[0])) {
    diags_.error(n->args[0]->range, "strftime() expects a string literal as its format");
    return;
  }
  if (!expect_int(n->args[1], "strftime()'s time")) return;
  n->type = Type::timestamp(static_cast<ast::StrLit *>(n->args[0])->value);
}

// signal(sig), signal_thread(sig): sig is a number or a signal's name, as
// a literal or an expression.
void TypeChecker::check_signal(ast::Call *n) {
  const std::string fn = n->name + "()";
  if (!unsafe_) {
    auto &d = diags_.error(n->range, fn + " is an unsafe function");
    d.hints.push_back("run with --unsafe to allow it");
    return;
  }
  if (!arity(diags_, n, 1, 1)) return;
  // BEGIN and END run in bpfsh's own process: the signal would hit bpfsh.
  if (probe_ && (probe_->type == ProbeType::Begin || probe_->type == ProbeType::End)) {
    diags_.error(n->range, fn + " can not be used in BEGIN or END probes");
    return;
  }
  ast::Expr *a = n->args[0];
  if (is_str_lit(a)) {
    const std::string &name = static_cast<ast::StrLit *>(a)->value;
    if (signal_number(name) == 0) diags_.error(a->range, fn + ": unknown signal '" + name + "'");
    return;
  }
  if (!expect_int(a, n->name + "()'s argument")) return;
  if (a->kind == ast::ExprKind::Int) {
    auto v = static_cast<int64_t>(static_cast<ast::IntLit *>(a)->value);
    if (v < 1 || v >= NSIG) diags_.error(a->range, fn + ": " + std::to_string(v) + " is not a valid signal");
  }
}

// unwatch(addr): user space detaches the watchpoints on addr when the event arrives.
void TypeChecker::check_unwatch(ast::Call *n) {
  if (!arity(diags_, n, 1, 1)) return;
  expect_int(n->args[0], "unwatch()'s address");
}

// join(argv[, sep]): argv is the address of a NULL-ended array of string
// pointers in kernel memory; sep a literal.
void TypeChecker::check_join(ast::Call *n) {
  if (!arity(diags_, n, 1, 2)) return;
  if (!n->args[0]->type.is_none() && !n->args[0]->type.is_int_like())
    diags_.error(n->args[0]->range, "join() expects an array of strings, like args.argv");
  if (n->args.size() == 2 && !is_str_lit(n->args[1]))
    diags_.error(n->args[1]->range, "join() expects a string literal as its separator");
}

}  // namespace bpfsh::sema
