// Type rules of stacks and symbols:
//   kstack | kstack(LIMIT) | kstack(MODE) | kstack(MODE, LIMIT)   (ustack alike)
//   MODE := bpftrace | perf | raw
//   ksym(ADDR), usym(ADDR)      print as the symbol holding ADDR
//   kaddr("NAME"), uaddr("NAME") the address of a symbol, found at compile time
//   reg("NAME")                  a register of the probed context
#include "sema/builtins.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

namespace {

constexpr uint64_t kMaxStackLimit = 1024;

// Probes whose context is a struct pt_regs.
bool has_registers(ProbeType t) {
  // Perf-event programs' context (bpf_perf_event_data) starts with pt_regs.
  return t == ProbeType::Uprobe || t == ProbeType::Uretprobe || t == ProbeType::Profile ||
         t == ProbeType::Interval || t == ProbeType::Usdt || t == ProbeType::Software ||
         t == ProbeType::Hardware || t == ProbeType::Watchpoint;
}

std::optional<ast::StackMode> stack_mode_named(const std::string &s) {
  if (s == "bpftrace") return ast::StackMode::Bpftrace;
  if (s == "perf") return ast::StackMode::Perf;
  if (s == "raw") return ast::StackMode::Raw;
  return std::nullopt;
}

const std::string *string_literal(ast::Expr *e) {
  return e->kind == ast::ExprKind::Str ? &static_cast<ast::StrLit *>(e)->value : nullptr;
}

}  // namespace

void TypeChecker::check_stack(ast::Call *n) {
  if (!arity(diags_, n, 0, 2)) return;
  ast::StackMode mode = info_.stack_mode;
  uint64_t limit = kDefaultStackLimit;
  for (size_t i = 0; i < n->args.size(); i++) {
    ast::Expr *a = n->args[i];
    bool last = i + 1 == n->args.size();
    if (i == 0 && a->kind == ast::ExprKind::Builtin) {
      const std::string &word = static_cast<ast::Builtin *>(a)->name;
      auto m = stack_mode_named(word);
      if (!m) {
        auto &d = diags_.error(a->range, n->name + ": unknown stack mode '" + word + "'");
        d.hints.push_back("the modes are bpftrace, perf and raw");
        return;
      }
      mode = *m;
    } else if (last && a->kind == ast::ExprKind::Int) {
      limit = static_cast<ast::IntLit *>(a)->value;
      if (limit < 1 || limit > kMaxStackLimit) {
        diags_.error(a->range, n->name + ": the frame limit must be between 1 and " +
                                   std::to_string(kMaxStackLimit));
        return;
      }
    } else {
      diags_.error(a->range, n->name + "() takes a stack mode (bpftrace, perf, raw) and/or an integer "
                                       "literal frame limit, like " + n->name + "(perf, 8)");
      return;
    }
  }
  n->type = Type::stack(n->name == "ustack", mode, static_cast<uint32_t>(limit));
}

void TypeChecker::check_sym(ast::Call *n) {
  if (!arity(diags_, n, 1, 1)) return;
  if (!expect_int(n->args[0], n->name + "()'s address")) return;
  n->type = Type::symbol(n->name == "usym");
}

// kaddr("vfs_read") and uaddr("main"): codegen looks the name up.
void TypeChecker::check_addr(ast::Call *n) {
  if (!arity(diags_, n, 1, 1)) return;
  if (!string_literal(n->args[0])) {
    diags_.error(n->args[0]->range, n->name + "() expects a string literal, the symbol's name");
    return;
  }
  bool uprobe = probe_->type == ProbeType::Uprobe || probe_->type == ProbeType::Uretprobe;
  if (n->name == "uaddr" && !uprobe) {
    diags_.error(n->range, "uaddr can not be used with '" + probe_->display + "' probes");
    return;
  }
  n->type = Type::integer(64, false);
}

void TypeChecker::check_reg(ast::Call *n) {
  if (!arity(diags_, n, 1, 1)) return;
  const std::string *name = string_literal(n->args[0]);
  if (!name) {
    diags_.error(n->args[0]->range, "reg() expects a string literal, the register's name");
    return;
  }
  if (!register_offset(*name)) {
    auto &d = diags_.error(n->args[0]->range, "'" + *name + "' is not a valid register on x86_64");
    d.hints.push_back("registers: ax bx cx dx si di bp sp ip r8..r15 orig_ax cs ss flags");
    return;
  }
  if (!has_registers(probe_->type)) {
    diags_.error(n->range, "reg can not be used with '" + probe_->display + "' probes");
    return;
  }
  n->type = Type::integer(64, false);
}

}  // namespace bpfsh::sema
