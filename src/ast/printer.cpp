#include "ast/printer.h"

#include <cstdio>
#include <string>
#include <string_view>

#include "ast/visitor.h"

namespace bpfsh::ast {
namespace {

std::string quote(const std::string &s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      default:
        if (c < 0x20 || c >= 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

// Concatenates its arguments. (Chains of `"lit" + str` trip a GCC 12
// -Wrestrict false positive in Release builds.)
template <class... Parts>
std::string cat(const Parts &...parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

std::string type_str(const TypeName &t) {
  std::string s = t.of_expr ? "typeof" : t.name;
  if (t.pointer_depth > 0) s += cat(" ", std::string(t.pointer_depth, '*'));
  return s;
}

// Each visit prints its node's line, then walks the children one level deeper.
class Printer : public Visitor<Printer> {
 public:
  explicit Printer(std::ostream &out) : out_(out) {}
  using Visitor::visit;

  void line(const std::string &text) { out_ << std::string(depth_, ' ') << text << "\n"; }

  // Prints `text`, then runs `children` one level deeper.
  template <class F>
  void node(const std::string &text, F children) {
    line(text);
    depth_++;
    children();
    depth_--;
  }
  void child(Expr *e) { walk(e); }
  void child(Stmt *s) { walk(s); }
  void stmts(const std::vector<Stmt *> &list) {
    for (auto *s : list) walk(s);
  }

  void visit(BoolLit *n) { line(n->value ? "bool: true" : "bool: false"); }
  void visit(IntLit *n) { line(cat("int: ", std::to_string(n->value), n->is_unsigned ? "u" : "")); }
  void visit(StrLit *n) { line(cat("string: ", quote(n->value))); }
  void visit(Builtin *n) { line(cat("builtin: ", n->name)); }
  void visit(Positional *n) { line(cat("positional: $", std::to_string(n->index))); }
  void visit(PositionalCount *) { line("positional count: $#"); }
  void visit(Var *n) { line(cat("variable: ", n->name)); }
  void visit(MapRef *n) { node(cat("map: ", n->name), [&] { Visitor::visit(n); }); }
  void visit(Call *n) { node(cat("call: ", n->name), [&] { Visitor::visit(n); }); }
  void visit(Binary *n) { node(binop_str(n->op), [&] { Visitor::visit(n); }); }
  void visit(Unary *n) { node(cat("unop: ", unop_str(n->op)), [&] { Visitor::visit(n); }); }
  void visit(IncDec *n) {
    std::string op = n->is_increment ? "++" : "--";
    node(cat(n->is_prefix ? "prefix " : "postfix ", op), [&] { Visitor::visit(n); });
  }
  void visit(Ternary *n) {
    node(n->is_if ? "if (value)" : n->then_expr ? "?:" : "?: (short)", [&] { Visitor::visit(n); });
  }
  void visit(BlockValue *n) {
    node("block (value)", [&] {
      stmts(n->body->stmts);
      node("value", [&] { child(n->value); });
    });
  }
  void visit(Field *n) {
    node(cat(n->is_arrow ? "-> " : ". ", n->field), [&] { Visitor::visit(n); });
  }
  void visit(TupleIndex *n) { node(cat(".", std::to_string(n->index)), [&] { Visitor::visit(n); }); }
  void visit(Tuple *n) { node("tuple", [&] { Visitor::visit(n); }); }
  void visit(Record *n) {
    node("record", [&] {
      for (size_t i = 0; i < n->elems.size(); i++)
        node(cat("field: ", n->names[i]), [&] { child(n->elems[i]); });
    });
  }
  void visit(Cast *n) {
    node(cat("cast: (", type_str(n->target), ")"), [&] {
      if (n->target.of_expr) node("typeof", [&] { child(n->target.of_expr); });
      Visitor::visit(n);
    });
  }
  void visit(Sizeof *n) {
    if (n->of_expr)
      node("sizeof", [&] { child(n->of_expr); });
    else
      line(cat("sizeof: ", type_str(n->of_type)));
  }
  void visit(Index *n) { node("[]", [&] { Visitor::visit(n); }); }
  void visit(Offsetof *n) {
    std::string path;
    for (const auto &m : n->path) path += (path.empty() ? "" : ".") + m;
    std::string what = n->container ? "container_of" : "offsetof";
    std::string of = n->of_expr ? "" : cat(" ", type_str(n->of_type));
    node(cat(what, ":", of, " ", path), [&] { Visitor::visit(n); });
  }

  void visit(ExprStmt *n) { child(n->expr); }
  void visit(Assign *n) {
    std::string op = n->has_op ? cat(binop_str(n->op), "=") : "=";
    node(op, [&] { Visitor::visit(n); });
  }
  void visit(Let *n) {
    std::string text = cat("let ", n->name);
    if (n->has_type) text += cat(": ", type_str(n->declared));
    node(text, [&] {
      if (n->declared.of_expr) node("typeof", [&] { child(n->declared.of_expr); });
      Visitor::visit(n);
    });
  }
  void visit(Block *n) { node("block", [&] { stmts(n->stmts); }); }
  void visit(If *n) {
    node("if", [&] {
      child(n->cond);
      node("then", [&] { stmts(n->then_block->stmts); });
      if (n->else_stmt) node("else", [&] { body_or_stmt(n->else_stmt); });
    });
  }
  void visit(While *n) {
    node("while", [&] {
      child(n->cond);
      node("body", [&] { stmts(n->body->stmts); });
    });
  }
  void visit(For *n) {
    node(cat("for ", n->var), [&] {
      if (n->map) child(n->map);
      if (n->range_lo) node("range", [&] { child(n->range_lo); child(n->range_hi); });
      node("body", [&] { stmts(n->body->stmts); });
    });
  }
  void visit(Unroll *n) {
    node("unroll", [&] {
      child(n->count);
      node("body", [&] { stmts(n->body->stmts); });
    });
  }
  void visit(Jump *n) {
    const char *name = n->jump == JumpKind::Break ? "break"
                       : n->jump == JumpKind::Continue ? "continue" : "return";
    node(name, [&] { Visitor::visit(n); });
  }
  void visit(ImportStmt *n) { line("import \"" + n->name + "\""); }

  void program(const Program &p) {
    if (!p.config.empty()) {
      node("config", [&] {
        for (auto *c : p.config) node(c->key, [&] { child(c->value); });
      });
    }
    for (auto *m : p.map_decls)
      line(cat("map decl: ", m->name, " = ", m->kind, "(", std::to_string(m->max_entries), ")"));
    for (auto *m : p.macros) {
      std::string sig = cat("macro: ", m->name, "(");
      for (size_t i = 0; i < m->params.size(); i++) sig += cat(i ? ", " : "", m->params[i]);
      node(cat(sig, ")"), [&] { stmts(m->body->stmts); });
    }
    for (auto *pr : p.probes) {
      node("probe", [&] {
        for (auto *ap : pr->attach_points) line(ap->raw);
        if (pr->predicate) node("predicate", [&] { child(pr->predicate); });
        node("body", [&] { stmts(pr->body->stmts); });
      });
    }
  }

 private:
  // An else branch is a block (print its statements) or an `else if`.
  void body_or_stmt(Stmt *s) {
    if (s->kind == StmtKind::Block)
      stmts(static_cast<Block *>(s)->stmts);
    else
      walk(s);
  }

  std::ostream &out_;
  int depth_ = 0;
};

}  // namespace

void print_ast(std::ostream &out, const Program &program) { Printer(out).program(program); }

void print_ast(std::ostream &out, const Expr &expr) {
  Printer(out).walk(const_cast<Expr *>(&expr));
}

}  // namespace bpfsh::ast
