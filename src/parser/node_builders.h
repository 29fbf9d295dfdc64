#pragma once
// Node builders the grammar's actions call, so each action stays one line
// that builds a node and gives it its range. Included by parser.yy only.
#include "parser/parse_state.h"
namespace bpfsh::parser {

// T[N] after T: the first size makes an array, a further one a dimension
// inside it (C's order: int32[2][3] is 2 arrays of 3).
inline ast::TypeName with_dim(ast::TypeName t, int64_t n) {
  if (t.array_size < 0) t.array_size = n;
  else t.inner_dims.push_back(uint32_t(n));
  return t;
}

inline ast::Expr *binary(ParseState &ps, const location &l, ast::BinOp op, ast::Expr *lhs,
                  ast::Expr *rhs) {
  auto *n = ps.make<ast::Binary>(l);
  n->op = op;
  n->lhs = lhs;
  n->rhs = rhs;
  return n;
}

inline ast::Expr *unary(ParseState &ps, const location &l, ast::UnOp op, ast::Expr *operand) {
  auto *n = ps.make<ast::Unary>(l);
  n->op = op;
  n->operand = operand;
  return n;
}

inline ast::Expr *incdec(ParseState &ps, const location &l, bool inc, bool prefix, ast::Expr *target) {
  auto *n = ps.make<ast::IncDec>(l);
  n->is_increment = inc;
  n->is_prefix = prefix;
  n->target = target;
  return n;
}

inline ast::Expr *field(ParseState &ps, const location &l, ast::Expr *base, std::string name,
                 bool arrow) {
  auto *n = ps.make<ast::Field>(l);
  n->base = base;
  n->field = std::move(name);
  n->is_arrow = arrow;
  return n;
}

// container_of(ptr, struct foo, a.b), the one call with a type among its
// arguments; the grammar takes one after any call's arguments, so a wrong
// name or count is an error located here rather than a syntax error.
inline ast::Expr *container_of(ParseState &ps, const location &l, const std::string &name,
                               const std::vector<ast::Expr *> &args, ast::TypeName type,
                               std::vector<std::string> path) {
  auto *n = ps.make<ast::Offsetof>(l);
  n->of_type = std::move(type);
  n->path = std::move(path);
  n->container = args.front();
  if (name != "container_of")
    ps.diags.error(ps.range(l), name + "() takes no type: only container_of(ptr, type, member), offsetof() and "
                                       "sizeof() do");
  else if (args.size() != 1)
    ps.diags.error(ps.range(l), "container_of(ptr, type, member) takes one pointer before the type, " +
                                    std::to_string(args.size()) + " given");
  return n;
}

inline ast::Stmt *assign(ParseState &ps, const location &l, ast::Expr *target, bool has_op,
                  ast::BinOp op, ast::Expr *value) {
  auto *n = ps.make<ast::Assign>(l);
  n->target = target;
  n->has_op = has_op;
  n->op = op;
  n->value = value;
  return n;
}

// Enumerators without a value follow the one before, from 0, as in C.
inline ast::CDefinition *make_enum(ParseState &ps, const location &l, std::string name,
                            const std::vector<Enumerator> &list) {
  auto *d = ps.make<ast::CDefinition>(l);
  d->kind = ast::CDefinition::Kind::Enum;
  d->name = std::move(name);
  int64_t next = 0;
  for (auto &e : list) {
    int64_t v = e.has_value ? e.value : next;
    d->enumerators.emplace_back(e.name, v);
    next = v + 1;
  }
  return d;
}

inline ast::Stmt *jump(ParseState &ps, const location &l, ast::JumpKind kind, ast::Expr *value) {
  auto *n = ps.make<ast::Jump>(l);
  n->jump = kind;
  n->value = value;
  return n;
}

}  // namespace bpfsh::parser
