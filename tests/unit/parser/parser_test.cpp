// Structural tests of the syntax tree the parser builds.
#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>

#include "ast/printer.h"
#include "parser/driver.h"

namespace bpfsh::parser {
namespace {

using namespace bpfsh::ast;

struct Parsed {
  std::unique_ptr<Context> ctx = std::make_unique<Context>();
  Diagnostics diags;
  ParseResult result;

  Program *program() const { return ctx->program; }
  std::string errors() const {
    std::ostringstream out;
    diags.render(out, ctx->source);
    return out.str();
  }
};

Parsed parse(const std::string &text) {
  Parsed p;
  p.ctx->source = {"stdin", text};
  p.result = parse_program(*p.ctx, p.diags);
  return p;
}

// Parses `BEGIN { <body> }` and returns the n-th statement of the body.
class ParserTest : public ::testing::Test {
 protected:
  Stmt *stmt(const std::string &body, size_t n = 0) {
    parsed_ = parse("BEGIN { " + body + " }");
    EXPECT_TRUE(parsed_.result.ok) << parsed_.errors();
    if (!parsed_.result.ok) return nullptr;
    auto &stmts = parsed_.program()->probes.at(0)->body->stmts;
    EXPECT_LT(n, stmts.size());
    return n < stmts.size() ? stmts[n] : nullptr;
  }

  // The expression of the n-th statement, which must be an expression statement.
  Expr *expr(const std::string &body, size_t n = 0) {
    Stmt *s = stmt(body, n);
    if (!s) return nullptr;
    EXPECT_EQ(s->kind, StmtKind::Expr);
    return s->kind == StmtKind::Expr ? static_cast<ExprStmt *>(s)->expr : nullptr;
  }

  Parsed parsed_;
};

template <class T>
T *as(Node *n, ExprKind k) {
  auto *e = dynamic_cast<Expr *>(n);
  EXPECT_NE(e, nullptr);
  if (!e) return nullptr;
  EXPECT_EQ(e->kind, k);
  return e->kind == k ? static_cast<T *>(e) : nullptr;
}

template <class T>
T *as(Node *n, StmtKind k) {
  auto *s = dynamic_cast<Stmt *>(n);
  EXPECT_NE(s, nullptr);
  if (!s) return nullptr;
  EXPECT_EQ(s->kind, k);
  return s->kind == k ? static_cast<T *>(s) : nullptr;
}

Binary *bin(Node *n, BinOp op) {
  auto *b = as<Binary>(n, ExprKind::Binary);
  if (b) {
    EXPECT_EQ(b->op, op) << binop_str(b->op) << " vs " << binop_str(op);
  }
  return b;
}

uint64_t int_value(Node *n) {
  auto *i = as<IntLit>(n, ExprKind::Int);
  return i ? i->value : ~0ull;
}

std::string builtin_name(Node *n) {
  auto *b = as<Builtin>(n, ExprKind::Builtin);
  return b ? b->name : "<not a builtin>";
}

// ---- top level ------------------------------------------------------------

TEST_F(ParserTest, AttachPointListWithWildcardsAndPaths) {
  auto p = parse(
      "tracepoint:syscalls:sys_enter_*, uprobe:/usr/bin/bash:readline,kprobe:vfs_read+10\n"
      "  ,usdt:/bin/x:prov:name { }\n"
      "t:sched:sched_switch,interval:ms:100,profile:hz:99,uprobe:libc:malloc{}");
  ASSERT_TRUE(p.result.ok) << p.errors();
  ASSERT_EQ(p.program()->probes.size(), 2u);
  auto &a = p.program()->probes[0]->attach_points;
  ASSERT_EQ(a.size(), 4u);
  EXPECT_EQ(a[0]->raw, "tracepoint:syscalls:sys_enter_*");
  EXPECT_EQ(a[1]->raw, "uprobe:/usr/bin/bash:readline");
  EXPECT_EQ(a[2]->raw, "kprobe:vfs_read+10");
  EXPECT_EQ(a[3]->raw, "usdt:/bin/x:prov:name");
  auto &b = p.program()->probes[1]->attach_points;
  ASSERT_EQ(b.size(), 4u);
  EXPECT_EQ(b[0]->raw, "t:sched:sched_switch");
  EXPECT_EQ(b[1]->raw, "interval:ms:100");
  EXPECT_EQ(b[2]->raw, "profile:hz:99");
  EXPECT_EQ(b[3]->raw, "uprobe:libc:malloc");
  // Ranges cover exactly the attach point's text.
  EXPECT_EQ(a[1]->range.begin.line, 1);
  EXPECT_EQ(a[1]->range.begin.col, 34);
  EXPECT_EQ(a[1]->range.end.col, 34 + 29 - 1);
  EXPECT_EQ(a[3]->range.begin.line, 2);
  EXPECT_EQ(a[3]->range.begin.col, 4);
}

TEST_F(ParserTest, BeginEndAndShebangAndComments) {
  auto p = parse("#!/usr/bin/env bpftrace\n// line comment\nBEGIN /* block\ncomment */ { }\nEND{}");
  ASSERT_TRUE(p.result.ok) << p.errors();
  ASSERT_EQ(p.program()->probes.size(), 2u);
  EXPECT_EQ(p.program()->probes[0]->attach_points[0]->raw, "BEGIN");
  EXPECT_EQ(p.program()->probes[0]->body->range.begin.line, 4);
  EXPECT_EQ(p.program()->probes[1]->attach_points[0]->raw, "END");
  EXPECT_EQ(p.program()->probes[1]->predicate, nullptr);
}

TEST_F(ParserTest, PredicateWithDivisionInside) {
  auto p = parse("kprobe:f / (arg0 / 2) > 1 && arg1 / 4 / { }");
  ASSERT_TRUE(p.result.ok) << p.errors();
  auto *pred = bin(p.program()->probes[0]->predicate, BinOp::LogAnd);
  ASSERT_TRUE(pred);
  auto *gt = bin(pred->lhs, BinOp::Gt);
  ASSERT_TRUE(gt);
  auto *div = bin(gt->lhs, BinOp::Div);
  ASSERT_TRUE(div);
  EXPECT_EQ(builtin_name(div->lhs), "arg0");
  auto *div2 = bin(pred->rhs, BinOp::Div);
  ASSERT_TRUE(div2);
  EXPECT_EQ(int_value(div2->rhs), 4u);
}

TEST_F(ParserTest, PredicateClosedBeforeBraceOnNextLine) {
  auto p = parse("BEGIN /pid == 1/\n\n{ exit(); }");
  ASSERT_TRUE(p.result.ok) << p.errors();
  auto *eq = bin(p.program()->probes[0]->predicate, BinOp::Eq);
  ASSERT_TRUE(eq);
  EXPECT_EQ(builtin_name(eq->lhs), "pid");
  EXPECT_EQ(p.program()->probes[0]->body->stmts.size(), 1u);
}

TEST_F(ParserTest, ConfigBlock) {
  auto p = parse("config = { max_strlen = 100; stack_mode = perf }\nBEGIN {}");
  ASSERT_TRUE(p.result.ok) << p.errors();
  auto &c = p.program()->config;
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0]->key, "max_strlen");
  EXPECT_EQ(int_value(c[0]->value), 100u);
  EXPECT_EQ(c[1]->key, "stack_mode");
  EXPECT_EQ(builtin_name(c[1]->value), "perf");
  EXPECT_EQ(p.program()->probes.size(), 1u);
}

TEST_F(ParserTest, MacroDefinition) {
  auto p = parse("macro add($a, @m, b) { $a + b } BEGIN { add(1, @x, 2) }");
  ASSERT_TRUE(p.result.ok) << p.errors();
  ASSERT_EQ(p.program()->macros.size(), 1u);
  Macro *m = p.program()->macros[0];
  EXPECT_EQ(m->name, "add");
  EXPECT_EQ(m->params, (std::vector<std::string>{"$a", "@m", "b"}));
  ASSERT_EQ(m->body->stmts.size(), 1u);
  auto *es = as<ExprStmt>(m->body->stmts[0], StmtKind::Expr);
  ASSERT_TRUE(es);
  EXPECT_TRUE(bin(es->expr, BinOp::Add));
}

TEST_F(ParserTest, TopLevelMapDeclarations) {
  auto p = parse("let @a = hash(10);\nlet @b = lruhash(100); let @c = percpulruhash(5);\nBEGIN { @a[1] = 1 }");
  ASSERT_TRUE(p.result.ok) << p.errors();
  auto &d = p.program()->map_decls;
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0]->name, "@a");
  EXPECT_EQ(d[0]->kind, "hash");
  EXPECT_EQ(d[0]->max_entries, 10u);
  EXPECT_EQ(d[1]->kind, "lruhash");
  EXPECT_EQ(d[2]->name, "@c");
  EXPECT_EQ(d[2]->kind, "percpulruhash");
  EXPECT_EQ(p.program()->probes.size(), 1u);
}

// ---- statements -----------------------------------------------------------

TEST_F(ParserTest, Assignments) {
  auto *a = as<Assign>(stmt("$x = 1"), StmtKind::Assign);
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->has_op);
  EXPECT_EQ(as<Var>(a->target, ExprKind::Var)->name, "$x");

  a = as<Assign>(stmt("@m[pid, comm] = count()"), StmtKind::Assign);
  ASSERT_TRUE(a);
  auto *m = as<MapRef>(a->target, ExprKind::Map);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->name, "@m");
  ASSERT_EQ(m->keys.size(), 2u);
  EXPECT_EQ(builtin_name(m->keys[1]), "comm");
  EXPECT_EQ(as<Call>(a->value, ExprKind::Call)->name, "count");

  a = as<Assign>(stmt("@ = 1"), StmtKind::Assign);
  ASSERT_TRUE(a);
  EXPECT_EQ(as<MapRef>(a->target, ExprKind::Map)->name, "@");
}

TEST_F(ParserTest, CompoundAssignments) {
  const std::pair<const char *, BinOp> cases[] = {
      {"+=", BinOp::Add},    {"-=", BinOp::Sub},   {"*=", BinOp::Mul},    {"/=", BinOp::Div},
      {"%=", BinOp::Mod},    {"&=", BinOp::BitAnd}, {"|=", BinOp::BitOr}, {"^=", BinOp::BitXor},
      {"<<=", BinOp::Shl},   {">>=", BinOp::Shr},
  };
  for (auto &[text, op] : cases) {
    auto *a = as<Assign>(stmt(std::string("@x ") + text + " 2"), StmtKind::Assign);
    ASSERT_TRUE(a) << text;
    EXPECT_TRUE(a->has_op) << text;
    EXPECT_EQ(a->op, op) << text;
    EXPECT_EQ(int_value(a->value), 2u);
  }
}

TEST_F(ParserTest, LetForms) {
  auto *l = as<Let>(stmt("let $x;"), StmtKind::Let);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->name, "$x");
  EXPECT_FALSE(l->has_type);
  EXPECT_EQ(l->value, nullptr);

  l = as<Let>(stmt("let $x: uint8 = 1;"), StmtKind::Let);
  ASSERT_TRUE(l);
  EXPECT_TRUE(l->has_type);
  EXPECT_EQ(l->declared.name, "uint8");
  EXPECT_EQ(l->declared.pointer_depth, 0);
  EXPECT_EQ(int_value(l->value), 1u);

  l = as<Let>(stmt("let $t: struct task_struct * = curtask"), StmtKind::Let);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->declared.name, "struct task_struct");
  EXPECT_EQ(l->declared.pointer_depth, 1);

  l = as<Let>(stmt("let $y = 5"), StmtKind::Let);
  ASSERT_TRUE(l);
  EXPECT_FALSE(l->has_type);
  EXPECT_EQ(int_value(l->value), 5u);
}

TEST_F(ParserTest, IfElseIfElseNeedNoSemicolons) {
  Stmt *s = stmt("if ($x) { $a = 1 } else if ($y) { $a = 2; } else { $a = 3 } $z = 4", 0);
  auto *i = as<If>(s, StmtKind::If);
  ASSERT_TRUE(i);
  EXPECT_EQ(as<Var>(i->cond, ExprKind::Var)->name, "$x");
  EXPECT_EQ(i->then_block->stmts.size(), 1u);
  auto *elif = as<If>(i->else_stmt, StmtKind::If);
  ASSERT_TRUE(elif);
  auto *els = as<Block>(elif->else_stmt, StmtKind::Block);
  ASSERT_TRUE(els);
  EXPECT_EQ(els->stmts.size(), 1u);
  EXPECT_EQ(parsed_.program()->probes[0]->body->stmts.size(), 2u);
}

TEST_F(ParserTest, Loops) {
  auto *w = as<While>(stmt("while ($i < 10) { $i++ } unroll (4) { } for ($kv : @m) { } for ($i : 0..10) { }"),
                      StmtKind::While);
  ASSERT_TRUE(w);
  EXPECT_TRUE(bin(w->cond, BinOp::Lt));
  EXPECT_EQ(w->body->stmts.size(), 1u);

  auto &stmts = parsed_.program()->probes[0]->body->stmts;
  ASSERT_EQ(stmts.size(), 4u);
  auto *u = as<Unroll>(stmts[1], StmtKind::Unroll);
  ASSERT_TRUE(u);
  EXPECT_EQ(int_value(u->count), 4u);

  auto *f = as<For>(stmts[2], StmtKind::For);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->var, "$kv");
  EXPECT_EQ(as<MapRef>(f->map, ExprKind::Map)->name, "@m");
  EXPECT_EQ(f->range_lo, nullptr);

  f = as<For>(stmts[3], StmtKind::For);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->var, "$i");
  EXPECT_EQ(f->map, nullptr);
  EXPECT_EQ(int_value(f->range_lo), 0u);
  EXPECT_EQ(int_value(f->range_hi), 10u);
}

TEST_F(ParserTest, Jumps) {
  stmt("break; continue; return; return 1 + 2; { $x = 1 }");
  auto &s = parsed_.program()->probes[0]->body->stmts;
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(as<Jump>(s[0], StmtKind::Jump)->jump, JumpKind::Break);
  EXPECT_EQ(as<Jump>(s[1], StmtKind::Jump)->jump, JumpKind::Continue);
  auto *r = as<Jump>(s[2], StmtKind::Jump);
  EXPECT_EQ(r->jump, JumpKind::Return);
  EXPECT_EQ(r->value, nullptr);
  EXPECT_TRUE(bin(as<Jump>(s[3], StmtKind::Jump)->value, BinOp::Add));
  EXPECT_EQ(as<Block>(s[4], StmtKind::Block)->stmts.size(), 1u);
}

// ---- expressions ----------------------------------------------------------

TEST_F(ParserTest, MultiplicationBindsTighterThanAddition) {
  auto *add = bin(expr("1 + 2 * 3"), BinOp::Add);
  ASSERT_TRUE(add);
  EXPECT_EQ(int_value(add->lhs), 1u);
  auto *mul = bin(add->rhs, BinOp::Mul);
  ASSERT_TRUE(mul);
  EXPECT_EQ(int_value(mul->rhs), 3u);
}

TEST_F(ParserTest, SubtractionIsLeftAssociative) {
  auto *outer = bin(expr("10 - 4 - 3"), BinOp::Sub);
  ASSERT_TRUE(outer);
  EXPECT_EQ(int_value(outer->rhs), 3u);
  auto *inner = bin(outer->lhs, BinOp::Sub);
  ASSERT_TRUE(inner);
  EXPECT_EQ(int_value(inner->lhs), 10u);
}

TEST_F(ParserTest, CPrecedenceLadder) {
  // a || b && c | d ^ e & f == g < h << i + j * k
  auto *lor = bin(expr("a || b && c | d ^ e & f == g < h << i + j * k"), BinOp::LogOr);
  ASSERT_TRUE(lor);
  auto *land = bin(lor->rhs, BinOp::LogAnd);
  ASSERT_TRUE(land);
  auto *bor = bin(land->rhs, BinOp::BitOr);
  ASSERT_TRUE(bor);
  auto *bxor = bin(bor->rhs, BinOp::BitXor);
  ASSERT_TRUE(bxor);
  auto *band = bin(bxor->rhs, BinOp::BitAnd);
  ASSERT_TRUE(band);
  auto *eq = bin(band->rhs, BinOp::Eq);
  ASSERT_TRUE(eq);
  auto *lt = bin(eq->rhs, BinOp::Lt);
  ASSERT_TRUE(lt);
  auto *shl = bin(lt->rhs, BinOp::Shl);
  ASSERT_TRUE(shl);
  auto *add = bin(shl->rhs, BinOp::Add);
  ASSERT_TRUE(add);
  EXPECT_TRUE(bin(add->rhs, BinOp::Mul));
}

TEST_F(ParserTest, TernaryIsRightAssociativeAndHasShortForm) {
  auto *t = as<Ternary>(expr("a ? b : c ? d : e"), ExprKind::Ternary);
  ASSERT_TRUE(t);
  EXPECT_EQ(builtin_name(t->then_expr), "b");
  auto *inner = as<Ternary>(t->else_expr, ExprKind::Ternary);
  ASSERT_TRUE(inner);
  EXPECT_EQ(builtin_name(inner->cond), "c");

  auto *s = as<Ternary>(expr("$x ?: 5"), ExprKind::Ternary);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->then_expr, nullptr);
  EXPECT_EQ(int_value(s->else_expr), 5u);
}

TEST_F(ParserTest, UnaryOperators) {
  const std::pair<const char *, UnOp> cases[] = {
      {"-$x", UnOp::Neg},    {"!$x", UnOp::LogNot}, {"~$x", UnOp::BitNot},
      {"*$x", UnOp::Deref},  {"&$x", UnOp::AddrOf}, {"+$x", UnOp::Plus},
  };
  for (auto &[text, op] : cases) {
    auto *u = as<Unary>(expr(text), ExprKind::Unary);
    ASSERT_TRUE(u) << text;
    EXPECT_EQ(u->op, op) << text;
    EXPECT_EQ(u->operand->kind, ExprKind::Var);
  }
  // Unary binds tighter than binary: -a * b is (-a) * b.
  auto *mul = bin(expr("-a * b"), BinOp::Mul);
  ASSERT_TRUE(mul);
  EXPECT_EQ(mul->lhs->kind, ExprKind::Unary);
}

TEST_F(ParserTest, IncrementAndDecrement) {
  auto *i = as<IncDec>(expr("@c++"), ExprKind::IncDec);
  ASSERT_TRUE(i);
  EXPECT_TRUE(i->is_increment);
  EXPECT_FALSE(i->is_prefix);
  EXPECT_EQ(i->target->kind, ExprKind::Map);

  i = as<IncDec>(expr("--$x"), ExprKind::IncDec);
  ASSERT_TRUE(i);
  EXPECT_FALSE(i->is_increment);
  EXPECT_TRUE(i->is_prefix);
  EXPECT_EQ(i->target->kind, ExprKind::Var);

  i = as<IncDec>(expr("@m[1]--"), ExprKind::IncDec);
  ASSERT_TRUE(i);
  EXPECT_EQ(as<MapRef>(i->target, ExprKind::Map)->keys.size(), 1u);
}

TEST_F(ParserTest, CastsVersusGrouping) {
  auto *c = as<Cast>(expr("(uint8)$x"), ExprKind::Cast);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->target.name, "uint8");
  EXPECT_EQ(c->operand->kind, ExprKind::Var);

  c = as<Cast>(expr("(struct task_struct *)curtask"), ExprKind::Cast);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->target.name, "struct task_struct");
  EXPECT_EQ(c->target.pointer_depth, 1);

  c = as<Cast>(expr("(struct foo)arg0"), ExprKind::Cast);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->target.pointer_depth, 0);

  c = as<Cast>(expr("(int32 **)arg0"), ExprKind::Cast);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->target.name, "int32");
  EXPECT_EQ(c->target.pointer_depth, 2);

  // A cast applies to a unary operand: (int32)-1 + 2 is ((int32)(-1)) + 2.
  auto *add = bin(expr("(int32)-1 + 2"), BinOp::Add);
  ASSERT_TRUE(add);
  c = as<Cast>(add->lhs, ExprKind::Cast);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->operand->kind, ExprKind::Unary);

  // (name) with a name that is not a type is just grouping.
  EXPECT_EQ(builtin_name(expr("(pid)")), "pid");
  auto *mul = bin(expr("(a + b) * c"), BinOp::Mul);
  ASSERT_TRUE(mul);
  EXPECT_TRUE(bin(mul->lhs, BinOp::Add));
}

TEST_F(ParserTest, SizeofTypeOrExpression) {
  auto *s = as<Sizeof>(expr("sizeof(uint32)"), ExprKind::Sizeof);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->of_type.name, "uint32");
  EXPECT_EQ(s->of_expr, nullptr);

  s = as<Sizeof>(expr("sizeof($x)"), ExprKind::Sizeof);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->of_expr->kind, ExprKind::Var);

  s = as<Sizeof>(expr("sizeof(struct task_struct)"), ExprKind::Sizeof);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->of_type.name, "struct task_struct");
}

TEST_F(ParserTest, FieldAccessOnArgs) {
  auto *f = as<Field>(expr("args.filename"), ExprKind::Field);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->field, "filename");
  EXPECT_FALSE(f->is_arrow);
  EXPECT_EQ(builtin_name(f->base), "args");

  f = as<Field>(expr("args->filename"), ExprKind::Field);
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->is_arrow);
  EXPECT_EQ(builtin_name(f->base), "args");

  f = as<Field>(expr("curtask->mm->owner"), ExprKind::Field);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->field, "owner");
  EXPECT_EQ(as<Field>(f->base, ExprKind::Field)->field, "mm");
}

TEST_F(ParserTest, TupleIndexIsNotAFloat) {
  auto *t = as<TupleIndex>(expr("$t.1"), ExprKind::TupleIndex);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->index, 1);
  EXPECT_EQ(t->base->kind, ExprKind::Var);

  t = as<TupleIndex>(expr("$kv.0.1"), ExprKind::TupleIndex);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->index, 1);
  EXPECT_EQ(as<TupleIndex>(t->base, ExprKind::TupleIndex)->index, 0);
}

TEST_F(ParserTest, IndexCallAndMapKeys) {
  auto *i = as<Index>(expr("$s[2]"), ExprKind::Index);
  ASSERT_TRUE(i);
  EXPECT_EQ(int_value(i->index), 2u);

  auto *c = as<Call>(expr("printf(\"%d %s\\n\", pid, comm)"), ExprKind::Call);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->name, "printf");
  ASSERT_EQ(c->args.size(), 3u);
  EXPECT_EQ(as<StrLit>(c->args[0], ExprKind::Str)->value, "%d %s\n");

  c = as<Call>(expr("exit()"), ExprKind::Call);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->args.empty());

  // @m[1][2] is the keyed map @m[1], then indexed.
  i = as<Index>(expr("@m[1][2]"), ExprKind::Index);
  ASSERT_TRUE(i);
  EXPECT_EQ(as<MapRef>(i->base, ExprKind::Map)->keys.size(), 1u);
}

TEST_F(ParserTest, TuplesAndRecords) {
  auto *t = as<Tuple>(expr("(1, \"a\", $x)"), ExprKind::Tuple);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->elems.size(), 3u);
  EXPECT_EQ(t->elems[1]->kind, ExprKind::Str);

  auto *r = as<Record>(expr("(a = 1, b = \"x\")"), ExprKind::Record);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->names, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(r->elems.size(), 2u);
  EXPECT_EQ(int_value(r->elems[0]), 1u);
}

TEST_F(ParserTest, PositionalsVariablesAndBuiltins) {
  auto *add = bin(expr("$1 + $#"), BinOp::Add);
  ASSERT_TRUE(add);
  EXPECT_EQ(as<Positional>(add->lhs, ExprKind::Positional)->index, 1);
  EXPECT_EQ(add->rhs->kind, ExprKind::PositionalCount);

  EXPECT_EQ(as<Var>(expr("$name"), ExprKind::Var)->name, "$name");
  for (const char *b : {"pid", "comm", "args", "arg0", "retval", "probe", "func", "nsecs", "curtask"})
    EXPECT_EQ(builtin_name(expr(b)), b);
}

TEST_F(ParserTest, IntegerLiterals) {
  EXPECT_EQ(int_value(expr("1_000")), 1000u);
  EXPECT_EQ(int_value(expr("1e3")), 1000u);
  EXPECT_EQ(int_value(expr("0x1F")), 31u);
  EXPECT_EQ(int_value(expr("010")), 8u);
  auto *big = as<IntLit>(expr("18446744073709551615"), ExprKind::Int);
  ASSERT_TRUE(big);
  EXPECT_EQ(big->value, UINT64_MAX);
  EXPECT_TRUE(big->is_unsigned);
  auto *small = as<IntLit>(expr("5"), ExprKind::Int);
  ASSERT_TRUE(small);
  EXPECT_FALSE(small->is_unsigned);
  EXPECT_TRUE(as<IntLit>(expr("5u"), ExprKind::Int)->is_unsigned);
}

TEST_F(ParserTest, StringEscapesAreDecoded) {
  auto *s = as<StrLit>(expr(R"("a\n\t\\\"\'\r\x41\101\0z")"), ExprKind::Str);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->value, std::string("a\n\t\\\"'\rAA\0z", 11));
}

TEST_F(ParserTest, NodeRangesComeFromTheSource) {
  auto *add = bin(expr("$abc + 22"), BinOp::Add);
  ASSERT_TRUE(add);
  // "BEGIN { $abc + 22 }": the sum spans columns 9..17 inclusive.
  EXPECT_EQ(add->range.begin.line, 1);
  EXPECT_EQ(add->range.begin.col, 9);
  EXPECT_EQ(add->range.end.col, 17);
  EXPECT_EQ(add->lhs->range.end.col, 12);
  EXPECT_EQ(add->rhs->range.begin.col, 16);
}

// ---- expression start token (REPL) ----------------------------------------

TEST(ParseExpression, ParsesASingleExpression) {
  Context ctx;
  ctx.source = {"stdin", "(1 + 2) * $x"};
  Diagnostics diags;
  Expr *out = nullptr;
  ParseResult r = parse_expression(ctx, diags, out);
  ASSERT_TRUE(r.ok);
  EXPECT_FALSE(diags.has_errors());
  auto *mul = bin(out, BinOp::Mul);
  ASSERT_TRUE(mul);
  EXPECT_TRUE(bin(mul->lhs, BinOp::Add));
  EXPECT_EQ(ctx.program, nullptr);
}

TEST(ParseExpression, IncompleteExpressionAsksForMore) {
  Context ctx;
  ctx.source = {"stdin", "1 +"};
  Diagnostics diags;
  Expr *out = nullptr;
  ParseResult r = parse_expression(ctx, diags, out);
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.incomplete);
  EXPECT_EQ(out, nullptr);
  EXPECT_TRUE(diags.has_errors());
}

// ---- printer --------------------------------------------------------------

TEST(PrintAst, IndentsOneNodePerLine) {
  auto p = parse("tracepoint:syscalls:sys_enter_openat /pid == 1/ { printf(\"hi\\n\"); @c[comm] += 1 }");
  ASSERT_TRUE(p.result.ok) << p.errors();
  std::ostringstream out;
  print_ast(out, *p.program());
  EXPECT_EQ(out.str(),
            "probe\n"
            " tracepoint:syscalls:sys_enter_openat\n"
            " predicate\n"
            "  ==\n"
            "   builtin: pid\n"
            "   int: 1\n"
            " body\n"
            "  call: printf\n"
            "   string: \"hi\\n\"\n"
            "  +=\n"
            "   map: @c\n"
            "    builtin: comm\n"
            "   int: 1\n");
}

}  // namespace
}  // namespace bpfsh::parser
