// Type rules and registry rows of stacks and symbols:
//   kstack | kstack(LIMIT) | kstack(MODE) | kstack(MODE, LIMIT)   (ustack alike)
//   MODE := bpftrace | perf | raw
//   ksym(ADDR), usym(ADDR)      print as the symbol holding ADDR
//   kaddr("NAME"), uaddr("NAME") the address of a symbol, found at compile time
//   reg("NAME")                  a register of the probed context
#include "sema/builtins.h"
#include "sema/registry/families.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

namespace {

constexpr uint64_t kMaxStackLimit = 1024;

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
  if (!expect_int(n->args[0], n->name + "()'s address")) return;
  n->type = Type::symbol(n->name == "usym");
}

// kaddr("vfs_read") and uaddr("main"), looked up now (the final pass only:
// the first one's messages are dropped).
void TypeChecker::check_addr(ast::Call *n) {
  if (!string_literal(n->args[0])) {
    diags_.error(n->args[0]->range, n->name + "() expects a string literal, the symbol's name");
    return;
  }
  n->type = Type::integer(64, false);
  if (final_) resolve_addr(n, *string_literal(n->args[0]));
}

// kaddr: from kallsyms. uaddr: from the probed binary's symbol table; in a
// PIE or shared library, relative to the probe's own address.
void TypeChecker::resolve_addr(ast::Call *n, const std::string &name) {
  host::Host &host = *info_.host;
  SymbolAddress &out = probe_->symbol_addresses[n];
  if (n->name == "kaddr") {
    auto addr = host.kallsyms().address_of(name);
    if (!addr) diags_.error(n->range, "kaddr: could not resolve kernel symbol '" + name + "'");
    out.value = addr.value_or(0);
    return;
  }
  const std::string &target = probe_->target;
  auto addr = host.symbol_address(target, name);
  if (!addr) {
    diags_.error(n->range, "uaddr: could not resolve symbol '" + name + "' in " + target);
    return;
  }
  out.value = *addr;
  auto layout = host.elf_layout(target);
  if (!layout || !layout->position_independent) return;
  if (!probe_->linked_address) {
    diags_.error(n->range, "uaddr: could not find the probed function '" + probe_->func + "' in " + target);
    return;
  }
  out.value = *addr - *probe_->linked_address;
  out.from_func_ip = true;
}

void TypeChecker::check_reg(ast::Call *n) {
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
  n->type = Type::integer(64, false);
}

}  // namespace bpfsh::sema

namespace bpfsh::sema::registry {

std::span<const Row> symbols_rows() {
  constexpr Family F = Family::Symbols;
  constexpr Kind Var = Kind::Variable;
  const unsigned uprobes = probe_bit(ProbeType::Uprobe) | probe_bit(ProbeType::Uretprobe);
  // The probes whose context holds struct pt_regs; a perf event's context
  // (bpf_perf_event_data) starts with one.
  const unsigned registers = uprobes | probe_bit(ProbeType::Profile) | probe_bit(ProbeType::Interval) |
                             probe_bit(ProbeType::Usdt) | probe_bit(ProbeType::Software) |
                             probe_bit(ProbeType::Hardware) | probe_bit(ProbeType::Watchpoint);
  static const Row rows[] = {
      {.name = "kstack", .kind = Var, .family = F, .signature = "kstack",
       .doc = "The kernel stack, printed as symbols in the stack_mode config's format.",
       .type = ast::Type::stack(false, ast::StackMode::Bpftrace, kDefaultStackLimit), .emit = EmitId::Kstack},
      {.name = "ustack", .kind = Var, .family = F, .signature = "ustack",
       .doc = "The user stack, printed as symbols of the process's binaries.",
       .type = ast::Type::stack(true, ast::StackMode::Bpftrace, kDefaultStackLimit), .emit = EmitId::Ustack},
      {.name = "kstack", .family = F, .signature = "kstack([mode, ][limit])",
       .doc = "The kernel stack, at most limit frames (127), printed in mode: bpftrace, perf or raw.",
       .min_args = 0, .max_args = 2, .args = ArgForm::Words, .check = &TypeChecker::check_stack,
       .emit = EmitId::Kstack},
      {.name = "ustack", .family = F, .signature = "ustack([mode, ][limit])",
       .doc = "The user stack, at most limit frames (127), printed in mode: bpftrace, perf or raw.",
       .min_args = 0, .max_args = 2, .args = ArgForm::Words, .check = &TypeChecker::check_stack,
       .emit = EmitId::Ustack},
      {.name = "ksym", .family = F, .signature = "ksym(addr)",
       .doc = "The kernel symbol holding addr, named when printed.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_sym, .emit = EmitId::Ksym},
      {.name = "usym", .family = F, .signature = "usym(addr)",
       .doc = "The symbol of the current process holding addr, named when printed.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_sym, .emit = EmitId::Usym},
      {.name = "kaddr", .family = F, .signature = "kaddr(\"name\")",
       .doc = "The address of a kernel symbol, looked up at compile time.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_addr, .emit = EmitId::Kaddr},
      {.name = "uaddr", .family = F, .signature = "uaddr(\"name\")",
       .doc = "The address of a symbol of the probed binary, looked up at compile time.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_addr, .probes = uprobes, .emit = EmitId::Uaddr},
      {.name = "reg", .family = F, .signature = "reg(\"name\")",
       .doc = "A register of the probed context, by its x86-64 name: ip, sp, ax, di, r8, ...",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_reg, .probes = registers, .emit = EmitId::Reg},
  };
  return rows;
}

}  // namespace bpfsh::sema::registry
