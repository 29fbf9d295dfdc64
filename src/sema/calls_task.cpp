// Type rules and registry rows of the task family: the builtins about the
// task the probe runs in (pid, comm, ppid, ...), and signal() and
// signal_thread(), which act on it.
#include <csignal>
#include <map>

#include "sema/c_types.h"
#include "sema/registry/families.h"
#include "sema/signals.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

namespace {

ast::Field *arrow(ProgramInfo &info, ast::Expr *base, const std::string &member) {
  auto *f = info.lowered_node<ast::Field>(base->range);
  f->base = base;
  f->field = member;
  f->is_arrow = true;
  return f;
}

struct Related {
  const char *task, *member;
};

// ppid, pcomm, leader_tid, leader_comm: a member of the parent or of the
// thread group leader. ppid is the parent's tgid, as getppid(2) gives it;
// pcomm is the process's name (the group leader's), as upstream's stdlib has it.
const Related *related_task(const std::string &name) {
  static const std::map<std::string, Related> related = {{"ppid", {"real_parent", "tgid"}},
                                                         {"pcomm", {"group_leader", "comm"}},
                                                         {"leader_tid", {"group_leader", "pid"}},
                                                         {"leader_comm", {"group_leader", "comm"}}};
  auto r = related.find(name);
  return r == related.end() ? nullptr : &r->second;
}

}  // namespace

// ppid, pcomm, ...: read through curtask as bpftrace does.
bool TypeChecker::lower_related_task(ast::Builtin *n) {
  const Related *r = related_task(n->name);
  if (!r) return false;
  if (!n->lowered) {
    auto *task = info_.lowered_node<ast::Builtin>(n->range);
    task->name = "curtask";
    n->lowered = arrow(info_, arrow(info_, task, r->task), r->member);
  }
  walk(n->lowered);
  if (n->lowered->type.is_none()) return true;
  n->type = n->lowered->type;
  if (std::string(r->member) != "comm") n->type = Type::integer(32, false);
  return true;
}

// ppid(task), pcomm(task): the same members, of the task given.
void TypeChecker::check_related_task(ast::Call *n) {
  const Related *r = related_task(n->name);
  ast::Expr *task = n->args[0];
  if (task->type.is_none()) return;
  if (!n->lowered) n->lowered = arrow(info_, arrow(info_, task, r->task), r->member);
  walk(n->lowered);
  if (n->lowered->type.is_none()) return;
  n->type = n->lowered->type;
  if (std::string(r->member) != "comm") n->type = Type::integer(32, false);
}

// pid(curr_ns | init), tid(curr_ns | init): the namespace is a word.
void TypeChecker::check_pid_mode(ast::Call *n) {
  n->type = Type::integer(32, false);
  if (n->args.empty()) return;
  ast::Expr *a = n->args[0];
  if (a->kind != ast::ExprKind::Builtin) {
    diags_.error(n->range, n->name + "() only supports curr_ns and init as the argument");
    return;
  }
  const std::string &word = static_cast<ast::Builtin *>(a)->name;
  if (word != "curr_ns" && word != "init")
    diags_.error(a->range, "Invalid PID namespace mode: " + word + " (expects: curr_ns or init)");
}

// has_cpid is known before the program loads: a literal.
bool TypeChecker::lower_has_cpid(ast::Builtin *n) {
  auto *b = info_.lowered_node<ast::BoolLit>(n->range);
  b->value = info_.cpid != 0;
  n->lowered = b;
  walk(n->lowered);
  n->type = n->lowered->type;
  return true;
}

// comm(pid): the name of the thread with that id, read through the kfuncs
// bpf_task_from_pid and bpf_task_release, which only some program types may
// call; "N/A" when there is no such thread.
void TypeChecker::check_comm_of_pid(ast::Call *n) {
  ast::Expr *a = n->args[0];
  if (a->type.is_none()) return;
  if (!a->type.is_int()) {
    diags_.error(n->range, "Only integer supported for comm()'s pid");
    return;
  }
  if (!info_.host->kfunc_allowed("bpf_task_from_pid", bpf_prog_type_of(probe_->type))) {
    auto &d = diags_.error(n->range, "comm(pid) can not be used with '" + probe_->display + "' probes");
    d.hints.push_back("it calls the kfunc bpf_task_from_pid, which this kernel does not allow these programs");
    return;
  }
  auto task = c_types().named("struct task_struct");
  std::optional<Member> comm;
  if (task) comm = c_types().member(*task, "comm");
  if (!comm) {
    diags_.error(n->range, "comm(pid) needs the kernel's BTF of struct task_struct");
    return;
  }
  info_.task_comm_offset = comm->offset;
  n->type = Type::string(16);
}

// signal(sig), signal_thread(sig): sig is a number or a signal's name, as
// a literal or an expression. (Not in BEGIN or END, the rows say: those run
// in bpfsh's own process, so the signal would hit bpfsh.)
void TypeChecker::check_signal(ast::Call *n) {
  const std::string fn = n->name + "()";
  ast::Expr *a = n->args[0];
  if (a->kind == ast::ExprKind::Str) {
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

}  // namespace bpfsh::sema

namespace bpfsh::sema::registry {

std::span<const Row> task_rows() {
  using ast::Type;
  constexpr Family F = Family::Task;
  constexpr Kind Var = Kind::Variable;
  const Type u32 = Type::integer(32, false);
  const unsigned not_bpfsh = ~(probe_bit(ProbeType::Begin) | probe_bit(ProbeType::End));
  static const Row rows[] = {
      {.name = "pid", .kind = Var, .family = F, .signature = "pid", .doc = "The process id (the thread group's id).",
       .type = u32, .emit = EmitId::Pid},
      {.name = "pid", .family = F, .signature = "pid([curr_ns | init])",
       .doc = "The process id as bpfsh's pid namespace (curr_ns, the default) or the initial one (init) sees it.",
       .min_args = 0, .max_args = 1, .args = ArgForm::Words, .check = &TypeChecker::check_pid_mode,
       .emit = EmitId::Pid},
      {.name = "tid", .family = F, .signature = "tid([curr_ns | init])",
       .doc = "The thread id as bpfsh's pid namespace (curr_ns, the default) or the initial one (init) sees it.",
       .min_args = 0, .max_args = 1, .args = ArgForm::Words, .check = &TypeChecker::check_pid_mode,
       .emit = EmitId::Tid},
      {.name = "tid", .kind = Var, .family = F, .signature = "tid", .doc = "The thread id.", .type = u32,
       .emit = EmitId::Tid},
      {.name = "uid", .kind = Var, .family = F, .signature = "uid", .doc = "The user id.", .type = u32,
       .emit = EmitId::Uid},
      {.name = "gid", .kind = Var, .family = F, .signature = "gid", .doc = "The group id.", .type = u32,
       .emit = EmitId::Gid},
      {.name = "username", .kind = Var, .family = F, .signature = "username",
       .doc = "The user's name, looked up in /etc/passwd when printed.", .type = Type::username(),
       .emit = EmitId::Username},
      {.name = "comm", .kind = Var, .family = F, .signature = "comm", .doc = "The thread's name (16 bytes).",
       .type = Type::string(16), .emit = EmitId::Comm},
      {.name = "comm", .family = F, .signature = "comm(pid)",
       .doc = "The name of the thread whose id is pid (\"N/A\" when there is none), in probes that may call bpf_task_from_pid.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_comm_of_pid, .emit = EmitId::Comm},
      {.name = "cgroup", .kind = Var, .family = F, .signature = "cgroup", .doc = "The id of the task's cgroup (v2).",
       .type = Type::integer(64, false), .emit = EmitId::Cgroup},
      {.name = "curtask", .kind = Var, .family = F, .signature = "curtask",
       .doc = "The task's struct task_struct, a typed pointer where the kernel has BTF.",
       .type = Type::integer(64, false), .emit = EmitId::Curtask},
      {.name = "ppid", .kind = Var, .family = F, .signature = "ppid", .doc = "The parent's process id.", .type = u32,
       .lower = &TypeChecker::lower_related_task, .lowering = Lowering::Always},
      {.name = "pcomm", .kind = Var, .family = F, .signature = "pcomm", .doc = "The process's name (the thread group leader's).",
       .type = Type::string(16), .lower = &TypeChecker::lower_related_task, .lowering = Lowering::Always},
      {.name = "ppid", .family = F, .signature = "ppid(task)",
       .doc = "The process id of the parent of task, a struct task_struct pointer.", .min_args = 1,
       .max_args = 1, .check = &TypeChecker::check_related_task, .lowering = Lowering::Always},
      {.name = "pcomm", .family = F, .signature = "pcomm(task)",
       .doc = "The name of task's process (its thread group leader's), task a struct task_struct pointer.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_related_task, .lowering = Lowering::Always},
      {.name = "leader_tid", .kind = Var, .family = F, .signature = "leader_tid",
       .doc = "The thread id of the thread group's leader.", .type = u32,
       .lower = &TypeChecker::lower_related_task, .lowering = Lowering::Always},
      {.name = "leader_comm", .kind = Var, .family = F, .signature = "leader_comm",
       .doc = "The name of the thread group's leader.", .type = Type::string(16),
       .lower = &TypeChecker::lower_related_task, .lowering = Lowering::Always},
      {.name = "cpid", .kind = Var, .family = F, .signature = "cpid",
       .doc = "The process id of the command -c started, 0 without one.", .type = u32, .emit = EmitId::Cpid},
      {.name = "has_cpid", .kind = Var, .family = F, .signature = "has_cpid",
       .doc = "Whether -c started a command.", .type = Type::boolean(), .lower = &TypeChecker::lower_has_cpid,
       .lowering = Lowering::Always},
      {.name = "signal", .family = F, .signature = "signal(sig)",
       .doc = "Sends the signal (a number or a name, \"SIGKILL\") to the process.",
       .min_args = 1, .max_args = 1, .unsafe = true, .check = &TypeChecker::check_signal, .probes = not_bpfsh,
       .wording = ProbeWording::Excluded, .emit = EmitId::Signal},
      {.name = "signal_thread", .family = F, .signature = "signal_thread(sig)",
       .doc = "Sends the signal (a number or a name) to the thread.",
       .min_args = 1, .max_args = 1, .unsafe = true, .check = &TypeChecker::check_signal, .probes = not_bpfsh,
       .wording = ProbeWording::Excluded, .emit = EmitId::SignalThread},
  };
  return rows;
}

}  // namespace bpfsh::sema::registry
