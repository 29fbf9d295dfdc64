// Type rules and registry rows of the functions answered at compile time:
// fail() and static_assert() (located compile errors), the is_*() questions
// about an expression's type, assert_str(), default_str_length, config
// (the settings in force), getopt() (the command line), cgroupid() (the
// cgroup file system) and kfunc_exist()/kfunc_allowed() (the kernel). Each
// becomes a literal (Expr::lowered).
#include <bpf/btf.h>
#include <fcntl.h>
#include <linux/bpf.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "common/format_string.h"
#include "sema/config_values.h"
#include "sema/registry/families.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

namespace {

// Arithmetic on constants wraps in 64 bits, as the program's own does.
uint64_t bits(int64_t v) { return static_cast<uint64_t>(v); }
int64_t wrapped(uint64_t v) { return static_cast<int64_t>(v); }

// The value of a constant integer expression: literals (also what sema
// lowered to one), sizeof, and operators on constants.
std::optional<int64_t> constant(ast::Expr *e) {
  if (e->lowered) e = e->lowered;
  switch (e->kind) {
    case ast::ExprKind::Int: return static_cast<int64_t>(static_cast<ast::IntLit *>(e)->value);
    case ast::ExprKind::Bool: return static_cast<ast::BoolLit *>(e)->value;
    case ast::ExprKind::Sizeof:
      if (e->type.is_none()) return std::nullopt;
      return static_cast<int64_t>(static_cast<ast::Sizeof *>(e)->size);
    case ast::ExprKind::Unary: {
      auto *u = static_cast<ast::Unary *>(e);
      auto v = constant(u->operand);
      if (!v) return std::nullopt;
      if (u->op == ast::UnOp::LogNot) return !*v;
      if (u->op == ast::UnOp::Neg) return wrapped(0 - bits(*v));
      if (u->op == ast::UnOp::BitNot) return ~*v;
      if (u->op == ast::UnOp::Plus) return *v;
      return std::nullopt;
    }
    case ast::ExprKind::Binary: {
      auto *b = static_cast<ast::Binary *>(e);
      auto l = constant(b->lhs), r = constant(b->rhs);
      if (!l || !r) return std::nullopt;
      using Op = ast::BinOp;
      switch (b->op) {
        case Op::Add: return wrapped(bits(*l) + bits(*r));
        case Op::Sub: return wrapped(bits(*l) - bits(*r));
        case Op::Mul: return wrapped(bits(*l) * bits(*r));
        case Op::Div:
          if (*r == -1) return wrapped(0 - bits(*l));
          return *r ? std::optional<int64_t>(*l / *r) : std::nullopt;
        case Op::Mod:
          if (*r == -1) return 0;
          return *r ? std::optional<int64_t>(*l % *r) : std::nullopt;
        case Op::BitAnd: return *l & *r;
        case Op::BitOr: return *l | *r;
        case Op::BitXor: return *l ^ *r;
        case Op::Shl: return *l << (*r & 63);
        case Op::Shr: return *l >> (*r & 63);
        case Op::Eq: return *l == *r;
        case Op::Ne: return *l != *r;
        case Op::Lt: return *l < *r;
        case Op::Le: return *l <= *r;
        case Op::Gt: return *l > *r;
        case Op::Ge: return *l >= *r;
        case Op::LogAnd: return *l && *r;
        case Op::LogOr: return *l || *r;
      }
      return std::nullopt;
    }
    default: return std::nullopt;
  }
}

bool is_literal_expr(ast::Expr *e) {
  if (e->kind == ast::ExprKind::Int || e->kind == ast::ExprKind::Str || e->kind == ast::ExprKind::Bool) return true;
  if (e->kind == ast::ExprKind::Unary && static_cast<ast::Unary *>(e)->op == ast::UnOp::Neg)
    return static_cast<ast::Unary *>(e)->operand->kind == ast::ExprKind::Int;
  return false;
}

// fail()'s message: the format with its literal arguments filled in.
std::optional<std::string> format_literals(const std::string &fmt, const std::vector<ast::Expr *> &args,
                                           std::string &err) {
  auto parsed = parse_format(fmt);
  if (!parsed.error.empty()) {
    err = parsed.error;
    return std::nullopt;
  }
  std::string out;
  size_t i = 1;
  for (auto &p : parsed.pieces) {
    if (!p.is_spec) {
      out += p.text;
      continue;
    }
    if (i >= args.size()) {
      err = "Not enough arguments for format string";
      return std::nullopt;
    }
    ast::Expr *a = args[i++];
    if (a->kind == ast::ExprKind::Str) {
      out += static_cast<ast::StrLit *>(a)->value;
    } else if (auto v = constant(a)) {
      bool is_unsigned = a->kind == ast::ExprKind::Int && static_cast<ast::IntLit *>(a)->is_unsigned;
      out += is_unsigned ? std::to_string(static_cast<uint64_t>(*v)) : std::to_string(*v);
    } else {
      err = "its arguments must be literals";
      return std::nullopt;
    }
  }
  if (i != args.size()) {
    err = "Too many arguments for format string";
    return std::nullopt;
  }
  return out;
}

// A cgroup's id is its kernfs node id, which the kernel hands out as the
// directory's file handle (what bpf_get_current_cgroup_id returns).
bool cgroup_id_of(const std::string &path, uint64_t &id, std::string &err) {
  alignas(8) unsigned char storage[sizeof(struct file_handle) + MAX_HANDLE_SZ];
  auto *fh = reinterpret_cast<struct file_handle *>(storage);
  fh->handle_bytes = MAX_HANDLE_SZ;
  int mount_id = 0;
  if (name_to_handle_at(AT_FDCWD, path.c_str(), fh, &mount_id, 0) != 0) {
    err = std::strerror(errno);
    return false;
  }
  if (fh->handle_bytes < sizeof id) {
    err = "not a cgroup (no 64-bit id)";
    return false;
  }
  std::memcpy(&id, fh->f_handle, sizeof id);
  return true;
}

}  // namespace

// The call is answered at compile time: codegen emits the literal instead.
void TypeChecker::lower_to_literal(ast::Call *n, ast::Expr *lit) {
  n->lowered = lit;
  walk(lit);
  n->type = lit->type;
}

void TypeChecker::lower_to_int(ast::Call *n, uint64_t v) {
  auto *lit = info_.lowered_node<ast::IntLit>(n->range);
  lit->value = v;
  lower_to_literal(n, lit);
}

void TypeChecker::lower_to_bool(ast::Call *n, bool v) {
  auto *lit = info_.lowered_node<ast::BoolLit>(n->range);
  lit->value = v;
  lower_to_literal(n, lit);
}

// fail(fmt, literals...): the program does not compile; the message is the error.
void TypeChecker::check_fail(ast::Call *n) {
  std::string err;
  auto msg = format_literals(static_cast<ast::StrLit *>(n->args[0])->value, n->args, err);
  diags_.error(n->range, msg ? *msg : "fail(): " + err);
}

// static_assert(cond, "msg"): cond must be known at compile time, and true.
void TypeChecker::check_static_assert(ast::Call *n) {
  if (n->args[1]->kind != ast::ExprKind::Str) {
    diags_.error(n->args[1]->range, "static_assert() needs a string literal as its message");
    return;
  }
  if (n->args[0]->type.is_none()) return;
  auto v = constant(n->args[0]);
  if (!v) {
    diags_.error(n->args[0]->range, "static_assert() needs a condition known at compile time");
    return;
  }
  if (!*v) {
    diags_.error(n->range, "static_assert failed: " + static_cast<ast::StrLit *>(n->args[1])->value);
    return;
  }
  // It holds: nothing is left to run (the literal is for codegen, which
  // follows the lowering); as a value it stays typeless.
  auto *holds = info_.lowered_node<ast::BoolLit>(n->range);
  holds->value = true;
  n->lowered = holds;
  walk(holds);
  n->type = Type::none();
}

// is_str(e), is_ptr(e), ...: questions about e's type, answered as true or false.
void TypeChecker::check_type_question(ast::Call *n) {
  ast::Expr *a = n->args[0];
  if (n->name == "is_literal") return lower_to_bool(n, is_literal_expr(a));
  if (a->type.is_none()) return;
  const Type &t = a->type;
  bool yes = false;
  if (n->name == "is_str") yes = t.is_str();
  else if (n->name == "is_ptr") yes = t.is_ptr();
  else if (n->name == "is_array") yes = t.is_array();
  else if (n->name == "is_integer") yes = t.is_int();
  else if (n->name == "is_unsigned_integer") yes = t.is_int() && !t.is_signed;
  lower_to_bool(n, yes);
}

// default_str_length(): the size str() gives a string without a length (max_strlen).
void TypeChecker::check_default_str_length(ast::Call *n) {
  lower_to_int(n, info_.strlen);
}

// default_str_length, the builtin: the same literal.
bool TypeChecker::lower_default_str_length(ast::Builtin *n) {
  if (n->name != "default_str_length") return false;
  auto *lit = info_.lowered_node<ast::IntLit>(n->range);
  lit->value = info_.strlen;
  n->lowered = lit;
  walk(n->lowered);
  n->type = n->lowered->type;
  return true;
}

// config: the settings in force, a record with a field per key, built
// where it is used so each use has nodes of its own.
ast::Record *TypeChecker::config_record(SourceRange r) {
  auto *rec = info_.lowered_node<ast::Record>(r);
  for (const auto &v : config_values(info_.config)) {
    ast::Expr *e = nullptr;
    if (v.kind == ConfigValue::Kind::Number) {
      auto *lit = info_.lowered_node<ast::IntLit>(r);
      lit->value = v.number;
      lit->is_unsigned = true;
      e = lit;
    } else if (v.kind == ConfigValue::Kind::Bool) {
      auto *lit = info_.lowered_node<ast::BoolLit>(r);
      lit->value = v.number != 0;
      e = lit;
    } else {
      auto *lit = info_.lowered_node<ast::StrLit>(r);
      lit->value = v.text;
      e = lit;
    }
    rec->names.push_back(v.key);
    rec->elems.push_back(e);
  }
  return rec;
}

void TypeChecker::check_config(ast::Call *n) { lower_to_literal(n, config_record(n->range)); }

bool TypeChecker::lower_config(ast::Builtin *n) {
  if (n->name != "config") return false;
  n->lowered = config_record(n->range);
  walk(n->lowered);
  n->type = n->lowered->type;
  return true;
}

// assert_str(e): e must be string-like, as upstream's stdlib macro says: a
// string, or an array of or a pointer to int8. Nothing is left to run.
void TypeChecker::check_assert_str(ast::Call *n) {
  const Type &t = n->args[0]->type;
  if (t.is_none()) return;
  auto char_like = [&] { return !t.elems.empty() && t.elems[0].is_int() && t.elems[0].bits == 8 && t.elems[0].is_signed; };
  if (t.is_array() && !char_like())
    diags_.error(n->range, "static_assert failed: string-like arrays must contain a char-like type");
  else if (t.is_ptr() && !char_like())
    diags_.error(n->range, "static_assert failed: string-like pointers must point to a char-like type");
  else if (!t.is_str() && !t.is_array() && !t.is_ptr())
    diags_.error(n->range, "string-like values must be either strings, arrays or pointers");
  else {
    // As a holding static_assert: a literal for codegen, typeless as a value.
    auto *holds = info_.lowered_node<ast::BoolLit>(n->range);
    holds->value = true;
    n->lowered = holds;
    walk(holds);
    n->type = Type::none();
  }
}

// The BPF program type a probe of this type is loaded as (codegen's sections).
int bpf_prog_type_of(ProbeType t) {
  switch (t) {
    case ProbeType::Tracepoint: return BPF_PROG_TYPE_TRACEPOINT;
    case ProbeType::Uprobe: case ProbeType::Uretprobe: case ProbeType::Usdt:
    case ProbeType::Kprobe: case ProbeType::Kretprobe: return BPF_PROG_TYPE_KPROBE;
    case ProbeType::Interval: case ProbeType::Profile: case ProbeType::Software:
    case ProbeType::Hardware: case ProbeType::Watchpoint: return BPF_PROG_TYPE_PERF_EVENT;
    case ProbeType::Fentry: case ProbeType::Fexit: case ProbeType::Iter: return BPF_PROG_TYPE_TRACING;
    case ProbeType::Xdp: return BPF_PROG_TYPE_XDP;
    case ProbeType::Tc: return BPF_PROG_TYPE_SCHED_CLS;
    case ProbeType::Socket: return BPF_PROG_TYPE_SOCKET_FILTER;
    case ProbeType::CgroupSkb: return BPF_PROG_TYPE_CGROUP_SKB;
    case ProbeType::CgroupSockAddr: return BPF_PROG_TYPE_CGROUP_SOCK_ADDR;
    case ProbeType::CgroupSock: return BPF_PROG_TYPE_CGROUP_SOCK;
    case ProbeType::Sockops: return BPF_PROG_TYPE_SOCK_OPS;
    default: return BPF_PROG_TYPE_RAW_TRACEPOINT;  // BEGIN, END, raw tracepoints, self signals
  }
}

// kfunc_exist("f"): whether vmlinux's BTF has the function f;
// kfunc_allowed("f"): whether this probe's program type may call it.
void TypeChecker::check_kfunc_question(ast::Call *n) {
  if (n->args[0]->kind != ast::ExprKind::Str) {
    diags_.error(n->range, n->name + "() accepts a string literal only");
    return;
  }
  const std::string &kfunc = static_cast<ast::StrLit *>(n->args[0])->value;
  if (n->name == "kfunc_allowed") return lower_to_bool(n, info_.host->kfunc_allowed(kfunc, bpf_prog_type_of(probe_->type)));
  const struct btf *vmlinux = info_.host->kernel_btf();
  lower_to_bool(n, vmlinux && btf__find_by_name_kind(vmlinux, kfunc.c_str(), BTF_KIND_FUNC) > 0);
}


void TypeChecker::check_cgroupid(ast::Call *n) {
  if (n->args[0]->kind != ast::ExprKind::Str) {
    diags_.error(n->args[0]->range, "cgroupid() expects a string literal: the cgroup's path");
    return;
  }
  const std::string &path = static_cast<ast::StrLit *>(n->args[0])->value;
  uint64_t id = 0;
  std::string err;
  if (!cgroup_id_of(path, id, err)) {
    diags_.error(n->args[0]->range, "cgroupid(): can not resolve " + path + ": " + err);
    return;
  }
  auto *lit = info_.lowered_node<ast::IntLit>(n->range);
  lit->value = id;
  lit->is_unsigned = true;
  n->lowered = lit;
  walk(lit);
  n->type = lit->type;
}

// getopt("name"[, default[, "description"]]): the option's value, which
// collect_script_options() (script_options.h) checked and read from
// `--name=value` after the script, as a literal of the default's type (a
// bool without one).
void TypeChecker::check_getopt(ast::Call *n) {
  const ScriptOption *o = n->args[0]->kind == ast::ExprKind::Str
                              ? info_.find_option(static_cast<ast::StrLit *>(n->args[0])->value)
                              : nullptr;
  if (!o) {
    diags_.error(n->range, "getopt() is used where its options were not gathered");
    return;
  }
  using Kind = artifact::OptionSpec::Kind;
  if (o->spec.kind == Kind::Flag) {
    auto *flag = info_.lowered_node<ast::BoolLit>(n->range);
    flag->value = o->flag;
    n->lowered = flag;
  } else if (o->spec.kind == Kind::Int) {
    auto *lit = info_.lowered_node<ast::IntLit>(n->range);
    lit->value = static_cast<uint64_t>(o->number);
    n->lowered = lit;
  } else {
    auto *lit = info_.lowered_node<ast::StrLit>(n->range);
    lit->value = o->text;
    n->lowered = lit;
  }
  walk(n->lowered);
  n->type = n->lowered->type;
}

}  // namespace bpfsh::sema

namespace bpfsh::sema::registry {

std::span<const Row> introspect_rows() {
  constexpr Family F = Family::Introspect;
  constexpr Lowering now = Lowering::Always;
  constexpr CallCheck question = &TypeChecker::check_type_question;
  static const Row rows[] = {
      {.name = "fail", .family = F, .signature = "fail(fmt, literals...)",
       .doc = "Stops the compilation with the formatted message as an error located at the call.",
       .min_args = 1, .max_args = kVariadic, .args = ArgForm::Format, .check = &TypeChecker::check_fail,
       .lowering = now},
      {.name = "static_assert", .family = F, .signature = "static_assert(cond, \"msg\")",
       .doc = "Stops the compilation with msg unless cond, known at compile time, holds.",
       .min_args = 2, .max_args = 2, .check = &TypeChecker::check_static_assert, .lowering = now},
      {.name = "is_str", .family = F, .signature = "is_str(e)", .doc = "Whether e is a string.",
       .min_args = 1, .max_args = 1, .check = question, .lowering = now},
      {.name = "is_ptr", .family = F, .signature = "is_ptr(e)", .doc = "Whether e is a pointer.",
       .min_args = 1, .max_args = 1, .check = question, .lowering = now},
      {.name = "is_array", .family = F, .signature = "is_array(e)", .doc = "Whether e is an array.",
       .min_args = 1, .max_args = 1, .check = question, .lowering = now},
      {.name = "is_integer", .family = F, .signature = "is_integer(e)", .doc = "Whether e is an integer.",
       .min_args = 1, .max_args = 1, .check = question, .lowering = now},
      {.name = "is_unsigned_integer", .family = F, .signature = "is_unsigned_integer(e)",
       .doc = "Whether e is an unsigned integer.", .min_args = 1, .max_args = 1, .check = question,
       .lowering = now},
      {.name = "is_literal", .family = F, .signature = "is_literal(e)",
       .doc = "Whether e is a literal: 1, -1, \"text\", true.", .min_args = 1, .max_args = 1, .check = question,
       .lowering = now},
      {.name = "default_str_length", .family = F, .signature = "default_str_length()",
       .doc = "The size str() gives a string without a length: the max_strlen config.",
       .min_args = 0, .max_args = 0, .check = &TypeChecker::check_default_str_length, .lowering = now},
      {.name = "default_str_length", .kind = Kind::Variable, .family = F, .signature = "default_str_length",
       .doc = "default_str_length(), as a builtin.", .type = ast::Type::integer(64, false),
       .lower = &TypeChecker::lower_default_str_length, .lowering = now},
      {.name = "config", .family = F, .signature = "config()",
       .doc = "The settings in force, as a record: config().max_strlen, config().stack_mode.",
       .min_args = 0, .max_args = 0, .check = &TypeChecker::check_config, .lowering = now},
      {.name = "config", .kind = Kind::Variable, .family = F, .signature = "config",
       .doc = "config(), as a builtin: config.max_map_keys.", .lower = &TypeChecker::lower_config, .lowering = now},
      {.name = "assert_str", .family = F, .signature = "assert_str(e)",
       .doc = "Stops the compilation unless e is string-like: a string, or an array of or a pointer to int8.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_assert_str, .lowering = now},
      {.name = "kfunc_exist", .family = F, .signature = "kfunc_exist(\"kfunc\")",
       .doc = "Whether the kernel's BTF has the kernel function kfunc.", .min_args = 1, .max_args = 1,
       .check = &TypeChecker::check_kfunc_question, .lowering = now},
      {.name = "kfunc_allowed", .family = F, .signature = "kfunc_allowed(\"kfunc\")",
       .doc = "Whether this probe's program type may call the kernel function kfunc, as the verifier says.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_kfunc_question, .lowering = now},
      {.name = "getopt", .family = F, .signature = "getopt(\"name\"[, default[, \"description\"]])",
       .doc = "The value of --name=VALUE given after -- on the command line, of default's type; a bool flag without one.",
       .min_args = 1, .max_args = 3, .check = &TypeChecker::check_getopt, .lowering = now},
      {.name = "cgroupid", .family = F, .signature = "cgroupid(\"path\")",
       .doc = "The id of the cgroup (v2) at path, as cgroup gives it.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_cgroupid, .lowering = now},
  };
  return rows;
}

}  // namespace bpfsh::sema::registry
