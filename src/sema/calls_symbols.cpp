// Type rules and registry rows of stacks and symbols:
//   kstack | kstack(LIMIT) | kstack(MODE) | kstack(MODE, LIMIT)   (ustack, dw_ustack alike)
//   MODE := bpftrace | perf | raw
//   ksym(ADDR), usym(ADDR)      print as the symbol holding ADDR
//   kaddr("NAME"), uaddr("NAME") the address of a symbol, found at compile time
//   reg("NAME")                  a register of the probed context
//   percpu_kaddr("NAME"[, CPU])  the address of a per-CPU kernel variable
#include <bpf/btf.h>

#include "sema/builtins.h"
#include "sema/registry/families.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

namespace {

// The type of vmlinux's variable `name` when it lives in .data..percpu: a
// record or an integer (the kinds bpfsh can describe to libbpf); nullopt
// otherwise.
std::optional<Type> percpu_var_type(const struct btf *btf, const std::string &name) {
  if (!btf) return std::nullopt;
  int var = btf__find_by_name_kind(btf, name.c_str(), BTF_KIND_VAR);
  int sec = btf__find_by_name_kind(btf, ".data..percpu", BTF_KIND_DATASEC);
  if (var <= 0 || sec <= 0) return std::nullopt;
  const struct btf_type *ds = btf__type_by_id(btf, sec);
  const struct btf_var_secinfo *vars = btf_var_secinfos(ds);
  bool percpu = false;
  for (int i = 0; i < btf_vlen(ds); i++) percpu |= vars[i].type == static_cast<uint32_t>(var);
  if (!percpu) return std::nullopt;
  int id = btf__resolve_type(btf, btf__type_by_id(btf, var)->type);
  const struct btf_type *t = id > 0 ? btf__type_by_id(btf, id) : nullptr;
  if (t && (btf_is_struct(t) || btf_is_union(t)))
    return Type::record(std::string(btf_is_struct(t) ? "struct " : "union ") + btf__name_by_offset(btf, t->name_off),
                        t->size, static_cast<uint32_t>(id));
  if (t && btf_is_int(t)) return Type::integer(btf_int_bits(t), btf_int_encoding(t) & BTF_INT_SIGNED);
  return std::nullopt;
}

constexpr uint64_t kMaxStackLimit = 1024;

std::optional<ast::StackMode> stack_mode_named(const std::string &s) {
  if (s == "bpftrace") return ast::StackMode::Bpftrace;
  if (s == "perf") return ast::StackMode::Perf;
  if (s == "raw") return ast::StackMode::Raw;
  if (s == "build_id") return ast::StackMode::BuildId;
  return std::nullopt;
}

const std::string *string_literal(ast::Expr *e) {
  return e->kind == ast::ExprKind::Str ? &static_cast<ast::StrLit *>(e)->value : nullptr;
}

}  // namespace

void TypeChecker::check_stack(ast::Call *n) {
  ast::StackMode mode = default_stack_mode(n->name == "ustack");
  uint64_t limit = kDefaultStackLimit;
  for (size_t i = 0; i < n->args.size(); i++) {
    ast::Expr *a = n->args[i];
    bool last = i + 1 == n->args.size();
    if (i == 0 && a->kind == ast::ExprKind::Builtin) {
      const std::string &word = static_cast<ast::Builtin *>(a)->name;
      auto m = stack_mode_named(word);
      if (!m) {
        auto &d = diags_.error(a->range, n->name + ": unknown stack mode '" + word + "'");
        d.hints.push_back("the modes are bpftrace, perf, raw and, for ustack, build_id");
        return;
      }
      if (*m == ast::StackMode::BuildId && n->name != "ustack") {
        auto &d = diags_.error(a->range, n->name + ": the build_id mode is for ustack only");
        d.hints.push_back(n->name == "kstack" ? "kernel frames have no build id: use bpftrace, perf or raw"
                                              : "a dw_ustack is unwound in user space: use ustack(build_id)");
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
      diags_.error(a->range, n->name + "() takes a stack mode (bpftrace, perf, raw, build_id) and/or an integer "
                                       "literal frame limit, like " + n->name + "(perf, 8)");
      return;
    }
  }
  if (n->name == "dw_ustack" || (n->name == "ustack" && ustack_by_dwarf(mode))) {
    n->type = Type::dw_stack(mode, static_cast<uint32_t>(limit));
    info_.dw_samples = true;
  } else {
    n->type = Type::stack(n->name == "ustack", mode, static_cast<uint32_t>(limit));
  }
}

// The stack_mode config's, but build_id only reaches ustack: the kernel's
// stacks and dw_ustack's print as bpftrace's then.
ast::StackMode TypeChecker::default_stack_mode(bool ustack) const {
  if (info_.stack_mode == ast::StackMode::BuildId && !ustack) return ast::StackMode::Bpftrace;
  return info_.stack_mode;
}

// ustack_unwind = dwarf: a ustack where dw_ustack can be (the probe's
// registers are the user's) is one. A build_id stack is the kernel's.
bool TypeChecker::ustack_by_dwarf(ast::StackMode mode) const {
  ProbeType t = probe_->type;
  bool user_regs = t == ProbeType::Uprobe || t == ProbeType::Uretprobe || t == ProbeType::Usdt;
  return info_.config.ustack_dwarf && user_regs && mode != ast::StackMode::BuildId;
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

// percpu_kaddr("name"[, cpu]): the address of a per-CPU kernel variable on
// this CPU or on cpu (0 when cpu is past the last one). vmlinux's BTF must
// describe it, in its .data..percpu section: libbpf resolves it as a typed
// ksym, which bpf_this_cpu_ptr and bpf_per_cpu_ptr take.
void TypeChecker::check_percpu_kaddr(ast::Call *n) {
  if (n->args[0]->kind != ast::ExprKind::Str) {
    diags_.error(n->args[0]->range, "percpu_kaddr() expects a string literal: the variable's name");
    return;
  }
  if (n->args.size() == 2 && !expect_int(n->args[1], "percpu_kaddr()'s cpu")) return;
  const std::string &name = static_cast<ast::StrLit *>(n->args[0])->value;
  n->type = Type::integer(64, false);
  if (info_.percpu_vars.count(name)) return;
  auto type = percpu_var_type(info_.host->kernel_btf(), name);
  if (!type) {
    diags_.error(n->range, "percpu_kaddr: '" + name + "' is not a per-CPU kernel variable the kernel's BTF describes");
    n->type = Type::none();
    return;
  }
  info_.percpu_vars[name] = *type;
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
  // dw_ustack copies the user stack from the registers the context holds:
  // a uprobe's or a USDT probe's are the user's own.
  const unsigned dwarf_stacks = uprobes | probe_bit(ProbeType::Usdt);
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
       .doc = "The user stack, at most limit frames (127), printed in mode: bpftrace, perf, raw, or build_id (each frame's build id and file offset).",
       .min_args = 0, .max_args = 2, .args = ArgForm::Words, .check = &TypeChecker::check_stack,
       .emit = EmitId::Ustack},
      {.name = "dw_ustack", .kind = Var, .family = F, .signature = "dw_ustack",
       .doc = "The whole user stack, unwound in user space from the binaries' .eh_frame (code without frame pointers too).",
       .type = ast::Type::dw_stack(ast::StackMode::Bpftrace, kDefaultStackLimit), .probes = dwarf_stacks,
       .emit = EmitId::DwUstack},
      {.name = "dw_ustack", .family = F, .signature = "dw_ustack([mode, ][limit])",
       .doc = "The whole user stack from .eh_frame, at most limit frames (127), printed in mode: bpftrace, perf or raw.",
       .min_args = 0, .max_args = 2, .args = ArgForm::Words, .check = &TypeChecker::check_stack,
       .probes = dwarf_stacks, .emit = EmitId::DwUstack},
      {.name = "ksym", .family = F, .signature = "ksym(addr)",
       .doc = "The kernel symbol holding addr, named when printed.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_sym, .emit = EmitId::Ksym},
      {.name = "usym", .family = F, .signature = "usym(addr)",
       .doc = "The symbol of the current process holding addr, named when printed.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_sym, .emit = EmitId::Usym},
      {.name = "kaddr", .family = F, .signature = "kaddr(\"name\")",
       .doc = "The address of a kernel symbol, looked up at compile time.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_addr, .emit = EmitId::Kaddr},
      {.name = "percpu_kaddr", .family = F, .signature = "percpu_kaddr(\"name\"[, cpu])",
       .doc = "The address of a per-CPU kernel variable on this CPU, or on cpu (0 past the last CPU).",
       .min_args = 1, .max_args = 2, .check = &TypeChecker::check_percpu_kaddr, .emit = EmitId::PercpuKaddr},
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
