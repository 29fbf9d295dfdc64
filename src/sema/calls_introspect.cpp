// Type rules of the functions answered at compile time: fail() and
// static_assert() (located compile errors), the is_*() questions about an
// expression's type, default_str_length and strcap(). Each becomes a literal
// (Expr::lowered); the is_*() questions become true or false.
#include "common/format_string.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

namespace {

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
      if (u->op == ast::UnOp::Neg) return -*v;
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
        case Op::Add: return *l + *r;
        case Op::Sub: return *l - *r;
        case Op::Mul: return *l * *r;
        case Op::Div: return *r ? std::optional<int64_t>(*l / *r) : std::nullopt;
        case Op::Mod: return *r ? std::optional<int64_t>(*l % *r) : std::nullopt;
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

}  // namespace

void TypeChecker::lower_to_int(ast::Call *n, uint64_t v) {
  auto *lit = info_.lowered_node<ast::IntLit>(n->range);
  lit->value = v;
  n->lowered = lit;
  walk(n->lowered);
  n->type = n->lowered->type;
}

void TypeChecker::lower_to_bool(ast::Call *n, bool v) {
  auto *lit = info_.lowered_node<ast::BoolLit>(n->range);
  lit->value = v;
  n->lowered = lit;
  walk(n->lowered);
  n->type = n->lowered->type;
}

// fail(fmt, literals...): the program does not compile; the message is the error.
void TypeChecker::check_fail(ast::Call *n) {
  if (n->args.empty() || n->args[0]->kind != ast::ExprKind::Str) {
    diags_.error(n->range, "fail() needs a string literal as its first argument");
    return;
  }
  std::string err;
  auto msg = format_literals(static_cast<ast::StrLit *>(n->args[0])->value, n->args, err);
  diags_.error(n->range, msg ? *msg : "fail(): " + err);
}

// static_assert(cond, "msg"): cond must be known at compile time, and true.
void TypeChecker::check_static_assert(ast::Call *n) {
  if (!arity(diags_, n, 2, 2)) return;
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
  n->type = Type::none();
}

// is_str(e), is_ptr(e), ...: questions about e's type, answered as true or false.
void TypeChecker::check_type_question(ast::Call *n) {
  if (!arity(diags_, n, 1, 1)) return;
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
  if (!arity(diags_, n, 0, 0)) return;
  lower_to_int(n, info_.strlen);
}

// strcap(s): a string's capacity (its buffer size), an array's element count;
// for a char pointer, the string's length, read at run time (strlen()).
void TypeChecker::check_strcap(ast::Call *n) {
  if (!arity(diags_, n, 1, 1)) return;
  ast::Expr *a = n->args[0];
  if (a->type.is_none()) return;
  if (a->type.is_str()) return lower_to_int(n, a->type.str_size);
  if (a->type.is_array()) return lower_to_int(n, a->type.count);
  if (a->type.is_ptr()) {
    auto *c = info_.lowered_node<ast::Call>(n->range);
    c->name = "strlen";
    c->args = n->args;
    n->lowered = c;
    walk(n->lowered);
    n->type = n->lowered->type;
    return;
  }
  diags_.error(a->range, "strcap() expects a string, an array or a pointer, not " + a->type.str());
}

}  // namespace bpfsh::sema
