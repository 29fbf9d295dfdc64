#include "sema/script_options.h"

#include <algorithm>

#include "ast/slots.h"
#include "sema/param_numbers.h"

namespace bpfsh::sema {
namespace {

using ast::Expr;
using ast::ExprKind;
using Kind = artifact::OptionSpec::Kind;

// `-5` is a literal default too: the parser gives it as a negation.
std::optional<int64_t> integer_literal(const Expr *e) {
  if (e->kind == ExprKind::Int) return static_cast<int64_t>(static_cast<const ast::IntLit *>(e)->value);
  if (e->kind != ExprKind::Unary) return std::nullopt;
  auto *u = static_cast<const ast::Unary *>(e);
  if (u->op != ast::UnOp::Neg || u->operand->kind != ExprKind::Int) return std::nullopt;
  return -static_cast<int64_t>(static_cast<const ast::IntLit *>(u->operand)->value);
}

class Collector {
 public:
  Collector(ProgramInfo &info, Diagnostics &diags) : info_(info), diags_(diags) {}

  void walk(Expr *e) {
    if (e->kind == ExprKind::Call && static_cast<ast::Call *>(e)->name == "getopt") ask(static_cast<ast::Call *>(e));
    ast::each_expr_slot(e, [&](Expr *&c) { walk(c); });
    if (e->kind == ExprKind::BlockValue) walk(static_cast<ast::Stmt *>(static_cast<ast::BlockValue *>(e)->body));
  }
  void walk(ast::Stmt *s) {
    ast::each_slot(s, [&](Expr *&e) { walk(e); }, [&](ast::Stmt *&c) { walk(c); });
  }

  // --name=value for a name no getopt() asks for; --help is bpfsh's own.
  void report_unasked() {
    std::string unasked;
    for (const auto &[name, value] : info_.named_args)
      if (name != "help" && !info_.find_option(name)) unasked += (unasked.empty() ? "" : ", ") + name;
    if (!unasked.empty()) diags_.error_unlocated("Unexpected command line options: " + unasked);
  }

 private:
  // The option this call asks for, its default checked; nullopt after an error.
  std::optional<ScriptOption> declared(ast::Call *n) {
    if (n->args.empty() || n->args.size() > 3) return std::nullopt;  // the registry says how many
    if (n->args[0]->kind != ExprKind::Str) {
      diags_.error(n->args[0]->range, "getopt() expects the parameter's name as a string literal");
      return std::nullopt;
    }
    ScriptOption o;
    o.spec.name = static_cast<ast::StrLit *>(n->args[0])->value;
    o.spec.default_text = "false";
    if (n->args.size() == 3) {
      if (n->args[2]->kind != ExprKind::Str) {
        diags_.error(n->args[2]->range, "getopt()'s description must be a string literal");
        return std::nullopt;
      }
      o.spec.description = static_cast<ast::StrLit *>(n->args[2])->value;
    }
    if (n->args.size() < 2) return o;
    Expr *def = n->args[1];
    if (def->kind == ExprKind::Bool) {
      o.flag = static_cast<ast::BoolLit *>(def)->value;
      o.spec.default_text = o.flag ? "true" : "false";
    } else if (def->kind == ExprKind::Str) {
      o.spec.kind = Kind::Str;
      o.text = o.spec.default_text = static_cast<ast::StrLit *>(def)->value;
    } else if (auto v = integer_literal(def)) {
      o.spec.kind = Kind::Int;
      o.number = *v;
      o.spec.default_text = std::to_string(*v);
    } else {
      diags_.error(def->range, "getopt()'s default must be an integer, string or bool literal");
      return std::nullopt;
    }
    return o;
  }

  // The value given after `--`, read as the default's type.
  void take_value(ScriptOption &o, const std::string &given, SourceRange at) {
    const std::string prefix = "Command line option '" + o.spec.name + "' ";
    if (o.spec.kind == Kind::Str) {
      o.text = given;
    } else if (o.spec.kind == Kind::Flag) {
      bool yes = given.empty() || given == "true" || given == "1";
      if (!yes && given != "false" && given != "0") {
        diags_.error(at, prefix + "is expecting a boolean (e.g. 1, 'true'). Got: " + given);
        return;
      }
      o.flag = yes;
    } else {
      ParamNumber v = read_param_number(given);
      if (v.kind == ParamNumber::Kind::NotANumber) {
        diags_.error(at, prefix + "is expecting an integer. Got: " + given);
        return;
      }
      if (v.kind == ParamNumber::Kind::TooLarge || v.is_unsigned) {
        diags_.error(at, "Value for command line option '" + o.spec.name + "' is out of range. Got: " + given);
        return;
      }
      o.number = static_cast<int64_t>(v.bits);
    }
  }

  void ask(ast::Call *n) {
    auto o = declared(n);
    if (!o) return;
    if (const ScriptOption *known = info_.find_option(o->spec.name)) {
      if (known->spec.kind != o->spec.kind || known->spec.default_text != o->spec.default_text)
        diags_.error(n->range, "Command line option '" + o->spec.name +
                                   "' needs to have the same default value in all places it is used. "
                                   "Previous default value: " + known->spec.default_text);
      return;
    }
    // Kept after a bad value too, so that its later uses say nothing more.
    auto given = info_.named_args.find(o->spec.name);
    if (given != info_.named_args.end()) take_value(*o, given->second, n->range);
    info_.script_options.push_back(std::move(*o));
  }

  ProgramInfo &info_;
  Diagnostics &diags_;
};

}  // namespace

void collect_script_options(ast::Program &program, ProgramInfo &info, Diagnostics &diags) {
  info.script_options.clear();  // the REPL checks a program again
  Collector c(info, diags);
  for (auto *probe : program.probes) {
    if (probe->predicate) c.walk(probe->predicate);
    c.walk(static_cast<ast::Stmt *>(probe->body));
  }
  c.report_unasked();
}

}  // namespace bpfsh::sema
