#include "repl/input.h"

#include <cctype>

#include "driver/pipeline.h"
#include "parser/driver.h"

namespace bpfsh::repl {

namespace {

bool is_command(const std::string &text) {
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    return c == '.';
  }
  return false;
}

// How far into the input a failed parse got: its first error's position.
std::pair<int, int> reach(const Diagnostics &d) {
  for (const auto &x : d.all())
    if (x.located) return {x.range.begin.line, x.range.begin.col};
  return {0, 0};
}

std::unique_ptr<ast::Context> context_for(const std::string &text, const std::string &name) {
  auto ctx = std::make_unique<ast::Context>();
  ctx->source = {name, text};
  return ctx;
}

bool has_content(const ast::Program &p) {
  return !p.probes.empty() || !p.config.empty() || !p.macros.empty() || !p.map_decls.empty();
}

}  // namespace

Input parse_input(const std::string &text, const std::string &name) {
  Input in;
  if (is_command(text)) {
    in.kind = InputKind::Command;
    in.ctx = context_for(text, name);
    return in;
  }
  // A script first: "BEGIN { ... }" also parses as statements up to the '{'.
  auto script = context_for(text, name);
  Diagnostics script_diags;
  auto script_res = driver::parse(*script, script_diags);
  if (script_res.ok) {
    in.kind = has_content(*script->program) ? InputKind::Probes : InputKind::Empty;
    in.ctx = std::move(script);
    return in;
  }
  auto stmts = context_for(text, name);
  Diagnostics stmt_diags;
  auto stmt_res = parser::parse_statements(*stmts, stmt_diags, in.stmts);
  if (stmt_res.ok) {
    in.kind = in.stmts.empty() ? InputKind::Empty : InputKind::Statements;
    in.ctx = std::move(stmts);
    return in;
  }
  if (script_res.incomplete || stmt_res.incomplete) {
    in.kind = InputKind::Incomplete;
    in.ctx = std::move(script);
    return in;
  }
  // Both failed: the reading that got further is the one the user meant.
  in.kind = InputKind::Error;
  bool stmts_further = reach(stmt_diags) > reach(script_diags);
  in.diags = stmts_further ? stmt_diags : script_diags;
  in.ctx = stmts_further ? std::move(stmts) : std::move(script);
  return in;
}

}  // namespace bpfsh::repl
