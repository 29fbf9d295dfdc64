// Type rules and registry rows of the probe family: what the probe was
// attached to (probe, probetype, func), what its context holds (argN, args,
// retval, ctx, usermode), unwatch() and override(). The types that depend on the attach
// point are refined in TypeChecker::visit(Builtin) and type_check_probes.cpp.
#include "sema/registry/families.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

namespace {

// bpftrace's provider names; BEGIN, END and self probes are "special".
const char *provider_name(ProbeType t) {
  switch (t) {
    case ProbeType::Begin: case ProbeType::End: case ProbeType::SelfSignal: return "special";
    default: return registry::probe_type_name(t);
  }
}

}  // namespace

// probetype is known per probe: a literal.
bool TypeChecker::lower_probetype(ast::Builtin *n) {
  auto *s = info_.lowered_node<ast::StrLit>(n->range);
  s->value = provider_name(probe_->type);
  n->lowered = s;
  walk(n->lowered);
  n->type = n->lowered->type;
  return true;
}

// unwatch(addr): user space detaches the watchpoints on addr when the event arrives.
void TypeChecker::check_unwatch(ast::Call *n) { expect_int(n->args[0], "unwatch()'s address"); }

// override(rc): the probed kernel function does not run and returns rc.
void TypeChecker::check_override(ast::Call *n) { expect_int(n->args[0], "override()'s return value"); }

}  // namespace bpfsh::sema

namespace bpfsh::sema::registry {

std::span<const Row> probe_rows() {
  using ast::Type;
  constexpr Family F = Family::Probe;
  constexpr Kind Var = Kind::Variable;
  const unsigned uprobes = probe_bit(ProbeType::Uprobe) | probe_bit(ProbeType::Uretprobe);
  const unsigned kernel_funcs = probe_bit(ProbeType::Kprobe) | probe_bit(ProbeType::Kretprobe) |
                                probe_bit(ProbeType::Fentry) | probe_bit(ProbeType::Fexit);
  // Registers in uprobes and kprobes, the u64 array of a raw tracepoint, a
  // USDT site's operands (the only ones past arg5).
  const unsigned args = uprobes | probe_bit(ProbeType::RawTracepoint) | probe_bit(ProbeType::Kprobe) |
                        probe_bit(ProbeType::Usdt);
  // The probes whose context holds the interrupted registers (pt_regs).
  const unsigned registers = uprobes | probe_bit(ProbeType::Usdt) | probe_bit(ProbeType::Kprobe) |
                             probe_bit(ProbeType::Kretprobe) | probe_bit(ProbeType::Profile) |
                             probe_bit(ProbeType::Software) | probe_bit(ProbeType::Hardware) |
                             probe_bit(ProbeType::Watchpoint);
  const unsigned returns = probe_bit(ProbeType::Uretprobe) | probe_bit(ProbeType::Kretprobe) |
                           probe_bit(ProbeType::Fexit);
  static const Row rows[] = {
      {.name = "probe", .kind = Var, .family = F, .signature = "probe",
       .doc = "The attach point the probe fired for, in full: tracepoint:syscalls:sys_enter_openat.",
       .type = Type::string(0), .emit = EmitId::Probe},
      {.name = "probetype", .kind = Var, .family = F, .signature = "probetype",
       .doc = "The probe's provider, as bpftrace names it: tracepoint, uprobe, ...; special for BEGIN and END.",
       .type = Type::string(0), .lower = &TypeChecker::lower_probetype, .lowering = Lowering::Always},
      {.name = "func", .kind = Var, .family = F, .signature = "func",
       .doc = "The traced function's name (in a uprobe, the symbol holding the probed address).",
       .type = Type::string(0), .probes = uprobes | probe_bit(ProbeType::Tracepoint) | kernel_funcs,
       .emit = EmitId::Func},
      {.name = "argN", .kind = Var, .family = F, .signature = "arg0 ... arg11",
       .doc = "The probed function's arguments as integers (arg0..arg5); a USDT site's (up to arg11).",
       .type = Type::integer(64, false), .probes = args, .emit = EmitId::Arg},
      {.name = "args", .kind = Var, .family = F, .signature = "args.NAME",
       .doc = "A tracepoint's fields, or an fentry/fexit (BTF) or uprobe (DWARF) function's arguments, by name, typed; in a uprobe also whole.",
       .lowering = Lowering::Part},
      {.name = "retval", .kind = Var, .family = F, .signature = "retval",
       .doc = "The traced function's return value (typed by BTF in fexit, by DWARF in a uretprobe).", .type = Type::integer(64, true),
       .probes = returns, .emit = EmitId::Retval},
      {.name = "ctx", .kind = Var, .family = F, .signature = "ctx",
       .doc = "An iterator's context, struct bpf_iter__NAME *.", .type = Type::integer(64, false),
       .probes = probe_bit(ProbeType::Iter), .emit = EmitId::Ctx},
      {.name = "pkt", .kind = Var, .family = F, .signature = "pkt.LAYER.FIELD",
       .doc = "The packet of xdp, tc, socket and cgroup_skb probes, parsed: pkt.len, pkt.ifindex, pkt.eth.src, "
              "pkt.ip.saddr, pkt.tcp.dport, ... (docs/networking.md).",
       .lowering = Lowering::Part},
      {.name = "usermode", .kind = Var, .family = F, .signature = "usermode",
       .doc = "1 when the probe interrupted user-space code, else 0.", .type = Type::integer(64, false),
       .probes = registers, .emit = EmitId::Usermode},
      {.name = "unwatch", .family = F, .signature = "unwatch(addr)",
       .doc = "Detaches the watchpoints on addr when user space reads the event (hits before that still run).",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_unwatch, .emit = EmitId::Unwatch},
      // The kernel offers bpf_override_return to kprobes only, on functions
      // marked ALLOW_ERROR_INJECTION, with CONFIG_BPF_KPROBE_OVERRIDE.
      {.name = "override", .family = F, .signature = "override(rc)",
       .doc = "The probed kernel function does not run and returns rc instead (a function open to error injection).",
       .min_args = 1, .max_args = 1, .unsafe = true, .check = &TypeChecker::check_override,
       .probes = probe_bit(ProbeType::Kprobe), .emit = EmitId::Override},
  };
  return rows;
}

}  // namespace bpfsh::sema::registry
