#include "sema/positional_params.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "ast/slots.h"
#include "sema/param_numbers.h"

namespace bpfsh::sema {
namespace {

using ast::Expr;
using ast::ExprKind;
using ast::Stmt;

class Replacer {
 public:
  Replacer(ast::Context &ctx, const std::vector<std::string> &args, Diagnostics &diags)
      : ctx_(ctx), args_(args), diags_(diags) {}

  void run(ast::Program &p) {
    for (auto *c : p.config)
      if (c->value) c->value = rewrite(c->value);
    for (auto *m : p.macros) rewrite(static_cast<Stmt *>(m->body));
    for (auto *probe : p.probes) {
      // A rejected attach point is reported once: nothing resolves it after.
      std::erase_if(probe->attach_points, [&](ast::AttachPoint *ap) { return !expand_attach_point(ap); });
      if (probe->predicate) probe->predicate = rewrite(probe->predicate);
      rewrite(static_cast<Stmt *>(probe->body));
    }
  }

 private:
  // "" when the argument is not there ($0 never is).
  const std::string &argument(int index) const {
    static const std::string none;
    if (index < 1 || static_cast<size_t>(index) > args_.size()) return none;
    return args_[static_cast<size_t>(index) - 1];
  }

  ast::IntLit *integer(SourceRange r, uint64_t bits, bool is_unsigned) {
    auto *n = ctx_.make<ast::IntLit>(r);
    n->value = bits;
    n->is_unsigned = is_unsigned;
    return n;
  }

  ast::StrLit *string(SourceRange r, std::string value) {
    auto *n = ctx_.make<ast::StrLit>(r);
    n->value = std::move(value);
    return n;
  }

  Expr *literal(ast::Positional *p) {
    const std::string &v = argument(p->index);
    std::string name = "$";
    name += std::to_string(p->index);  // not "$" + ...: GCC 12 warns of a false overlap
    if (v.empty()) {
      diags_.warning(p->range, "Positional parameter " + name + " is empty or not provided. ");
      return integer(p->range, 0, false);
    }
    ParamNumber n = read_param_number(v);
    switch (n.kind) {
      case ParamNumber::Kind::Number: return integer(p->range, n.bits, n.is_unsigned);
      case ParamNumber::Kind::TooLarge:
        diags_.error(p->range, name + " is " + v + ", which does not fit in 64 bits");
        return integer(p->range, 0, false);
      case ParamNumber::Kind::NotANumber: break;
    }
    return string(p->range, v);
  }

  // str($N), str($N + k), str($N, n): the argument's text (from its k-th
  // character, its first n), whatever it looks like. Null when c is not
  // such a call.
  Expr *text_argument(ast::Call *c) {
    if (c->name != "str" || c->args.empty() || c->args.size() > 2) return nullptr;
    Expr *&a = c->args[0];
    auto *sum = a->kind == ExprKind::Binary ? static_cast<ast::Binary *>(a) : nullptr;
    Expr *param = sum && sum->op == ast::BinOp::Add ? sum->lhs : a;
    if (param->kind != ExprKind::Positional) return nullptr;
    std::string text = argument(static_cast<ast::Positional *>(param)->index);
    if (param != a) {
      sum->rhs = rewrite(sum->rhs);
      if (sum->rhs->kind != ExprKind::Int) {
        sum->lhs = string(param->range, text);
        return nullptr;
      }
      uint64_t k = static_cast<ast::IntLit *>(sum->rhs)->value;
      if (k >= text.size()) diags_.warning(sum->range, "literal string will always be empty");
      text = k >= text.size() ? "" : text.substr(k);
    }
    if (c->args.size() == 2) {
      c->args[1] = rewrite(c->args[1]);
      if (c->args[1]->kind != ExprKind::Int) {
        a = string(a->range, text);
        return nullptr;
      }
      text = text.substr(0, std::min<uint64_t>(static_cast<ast::IntLit *>(c->args[1])->value, text.size()));
    }
    return string(c->range, text);
  }

  Expr *rewrite(Expr *e) {
    if (e->kind == ExprKind::Positional) return literal(static_cast<ast::Positional *>(e));
    if (e->kind == ExprKind::PositionalCount) return integer(e->range, args_.size(), false);
    if (e->kind == ExprKind::Call)
      if (Expr *text = text_argument(static_cast<ast::Call *>(e))) return text;
    ast::each_expr_slot(e, [&](Expr *&c) { c = rewrite(c); });
    if (e->kind == ExprKind::BlockValue) rewrite(static_cast<Stmt *>(static_cast<ast::BlockValue *>(e)->body));
    return e;
  }

  void rewrite(Stmt *s) {
    ast::each_slot(s, [&](Expr *&e) { e = rewrite(e); }, [&](Stmt *&c) { rewrite(c); });
  }

  // attach point text: $N, outside quotes, is the argument's text; a '$'
  // before anything else must be quoted.
  bool expand_attach_point(ast::AttachPoint *ap) {
    const std::string &raw = ap->raw;
    std::string out;
    bool quoted = false;
    for (size_t i = 0; i < raw.size(); i++) {
      char c = raw[i];
      if (quoted && c == '\\' && i + 1 < raw.size()) {
        out += raw.substr(i++, 2);
        continue;
      }
      if (c == '"') quoted = !quoted;
      if (quoted || c != '$') {
        out += c;
        continue;
      }
      size_t end = i + 1;
      while (end < raw.size() && std::isdigit(static_cast<unsigned char>(raw[end])) && !(end == i + 1 && raw[end] == '0'))
        end++;
      auto index = attach_point_index(ap, raw.substr(i + 1, end - i - 1), end < raw.size() ? raw[end] : '\0');
      if (!index) return false;
      if (*index >= 1 && *index <= args_.size()) out += args_[*index - 1];
      i = end - 1;
    }
    ap->raw = out;
    return true;
  }

  // The digits after a '$' in an attach point, and the character after them.
  std::optional<uint64_t> attach_point_index(ast::AttachPoint *ap, const std::string &digits, char next) {
    if (digits.empty() && next != '\0') {
      std::string c(1, next);
      diags_.error(ap->range, "invalid trailing character for positional param: " + c +
                                  ". Try quoting this entire part if this is intentional e.g. \"$" + c + "\".");
      return std::nullopt;
    }
    ParamNumber n = read_param_number(digits);
    if (n.kind == ParamNumber::Kind::Number) return n.bits;
    diags_.error(ap->range, "positional parameter is not valid: " +
                                (digits.empty() ? std::string("invalid integer: ")
                                                : "overflow error, maximum value is 18446744073709551615: " + digits));
    return std::nullopt;
  }

  ast::Context &ctx_;
  const std::vector<std::string> &args_;
  Diagnostics &diags_;
};

}  // namespace

void replace_positional_params(ast::Context &ctx, const std::vector<std::string> &args, Diagnostics &diags) {
  if (ctx.program) Replacer(ctx, args, diags).run(*ctx.program);
}

}  // namespace bpfsh::sema
