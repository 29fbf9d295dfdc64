// Type rules of the builtins about the task and the probe (probetype,
// has_cpid, leader_tid, leader_comm, any builtin called as f()), and of the
// functions that act in the program: nsecs(CLOCK), kptr() and uptr(),
// is_err(), find(), memcmp(). signal_thread() shares signal()'s rules.

#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

namespace {

// bpftrace's provider names; BEGIN, END and self probes are "special".
const char *provider_name(ProbeType t) {
  switch (t) {
    case ProbeType::Begin: case ProbeType::End: case ProbeType::SelfSignal: return "special";
    case ProbeType::Tracepoint: return "tracepoint";
    case ProbeType::RawTracepoint: return "rawtracepoint";
    case ProbeType::Uprobe: return "uprobe";
    case ProbeType::Uretprobe: return "uretprobe";
    case ProbeType::Interval: return "interval";
    case ProbeType::Profile: return "profile";
    case ProbeType::Kprobe: return "kprobe";
    case ProbeType::Kretprobe: return "kretprobe";
    case ProbeType::Fentry: return "fentry";
    case ProbeType::Fexit: return "fexit";
    case ProbeType::Usdt: return "usdt";
    case ProbeType::Software: return "software";
    case ProbeType::Hardware: return "hardware";
    case ProbeType::Watchpoint: return "watchpoint";
    case ProbeType::Iter: return "iter";
  }
  return "";
}

}  // namespace

// probetype and has_cpid are known per probe: literals.
bool TypeChecker::lower_task_builtin(ast::Builtin *n) {
  if (n->name == "probetype") {
    auto *s = info_.lowered_node<ast::StrLit>(n->range);
    s->value = provider_name(probe_->type);
    n->lowered = s;
  } else if (n->name == "has_cpid") {
    auto *b = info_.lowered_node<ast::BoolLit>(n->range);
    b->value = info_.cpid != 0;
    n->lowered = b;
  } else {
    return false;
  }
  walk(n->lowered);
  if (n->lowered->type.is_none()) return true;
  n->type = n->lowered->type;
  return true;
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

// nsecs(monotonic | boot | tai | sw_tai): the clock is a word, not an expression.
void TypeChecker::check_nsecs(ast::Call *n) {
  if (!arity(diags_, n, 0, 1)) return;
  if (n->args.size() == 1) {
    ast::Expr *a = n->args[0];
    const std::string *word = a->kind == ast::ExprKind::Builtin ? &static_cast<ast::Builtin *>(a)->name : nullptr;
    if (!word || (*word != "monotonic" && *word != "boot" && *word != "tai" && *word != "sw_tai")) {
      auto &d = diags_.error(a->range, "nsecs() takes a clock: monotonic, boot, tai or sw_tai");
      d.hints.push_back("nsecs alone is nsecs(monotonic)");
      return;
    }
  }
  n->type = Type::integer(64, false);
}

// kptr(p), uptr(p): mark the address space a pointer lives in. Every read
// here already picks the kernel or user helper by the probe, so they give p.
void TypeChecker::check_address_space(ast::Call *n) {
  if (!arity(diags_, n, 1, 1)) return;
  ast::Expr *a = n->args[0];
  if (a->type.is_none()) return;
  if (!a->type.is_int_like()) {
    diags_.error(a->range, n->name + "() expects a pointer, not " + a->type.str());
    return;
  }
  n->lowered = a;
  n->type = a->type;
}

// is_err(p): whether p holds an error code (ERR_PTR) rather than an address.
void TypeChecker::check_is_err(ast::Call *n) {
  if (!arity(diags_, n, 1, 1)) return;
  if (!expect_int(n->args[0], "is_err()'s argument")) return;
  n->type = Type::boolean();
}

// find(@m, key, $out): true and $out set to the value when the key is
// there, else false and $out untouched. $out is declared by its first use here. The key
// moves into the map reference (find(@m[key], $out)), as has_key() does.
void TypeChecker::check_find(ast::Call *n) {
  ast::Expr *a = n->args.empty() ? nullptr : n->args[0];
  auto *m = a && a->kind == ast::ExprKind::Map ? static_cast<ast::MapRef *>(a) : nullptr;
  if (m && m->keys.empty() && n->args.size() == 3) {
    m->keys.push_back(n->args[1]);
    n->args.erase(n->args.begin() + 1);
  }
  if (!m || m->keys.empty() || n->args.size() != 2) {
    diags_.error(n->range, "find() takes a map, a key and a variable, like find(@m, key, $out)");
    return;
  }
  if (n->args[1]->kind != ast::ExprKind::Var) {
    diags_.error(n->args[1]->range, "find() stores the value in a variable, like find(@m, key, $out)");
    return;
  }
  const MapInfo *mi = map_for(m, false);
  if (mi && mi->key.is_none() && !mi->value.is_none()) {
    diags_.error(n->range, "find() needs a map with keys; " + m->name + " has none");
    return;
  }
  if (mi && mi->value.is_agg()) {
    diags_.error(a->range, "find() reads maps of plain values, not " + mi->value.str());
    return;
  }
  walk(m);
  if (m->type.is_none()) return;
  auto *out = static_cast<ast::Var *>(n->args[1]);
  Type vt = m->type.is_scalar() ? m->type : storage_type(m->type);
  auto it = vars_.find(out->name);
  if (it == vars_.end()) {
    if (!declare_var(out->name, vt, out->range)) return;
  } else if (!it->second.compatible(vt) || it->second.storage_size() != vt.storage_size()) {
    diags_.error(out->range, "find(): " + out->name + " holds " + it->second.str() + ", the map's values are " +
                                 vt.str());
    return;
  }
  out->type = vars_[out->name];
  n->type = Type::boolean();
}

// memcmp(a, b, n): the first n bytes of two strings, or of kernel memory
// (arrays, pointers); 0 when equal, else the first differing bytes' difference.
// Bytes past a string's buffer are not compared: n is bounded by the sizes.
void TypeChecker::check_memcmp(ast::Call *n) {
  if (!arity(diags_, n, 3, 3)) return;
  for (int i = 0; i < 2; i++) {
    const Type &t = n->args[i]->type;
    if (t.is_none()) return;
    if (!t.is_str() && !t.is_array() && !t.is_ptr()) {
      diags_.error(n->args[i]->range, "memcmp() compares strings, arrays or memory behind a pointer, not " + t.str());
      return;
    }
  }
  if (!expect_int(n->args[2], "memcmp()'s byte count")) return;
  bool sized = n->args[0]->type.is_str() || n->args[0]->type.is_array() || n->args[1]->type.is_str() ||
               n->args[1]->type.is_array();
  if (!sized && n->args[2]->kind != ast::ExprKind::Int) {
    diags_.error(n->args[2]->range, "memcmp() of two pointers needs an integer literal byte count");
    return;
  }
  n->type = Type::integer(64, true);
}

}  // namespace bpfsh::sema
