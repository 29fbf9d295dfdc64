#pragma once
// What one entry of REPL input is. Like Lua's lua.c, the decision comes from
// the parser, not from a look at the text: the entry is parsed as a script
// (probe blocks) and as statements; when a parse ran out of input, the entry
// is incomplete and the REPL asks for a continuation line.
#include <memory>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "common/diag.h"

namespace bpfsh::repl {

enum class InputKind {
  Empty,       // only blanks and comments
  Incomplete,  // an unclosed block, a trailing operator...: read another line
  Command,     // a dot-command (see command.h)
  Probes,      // ctx->program holds probe blocks
  Statements,  // stmts run once
  Error,       // diags says why; ctx->source is the text
};

struct Input {
  InputKind kind = InputKind::Empty;
  std::unique_ptr<ast::Context> ctx;  // owns the AST and the source text
  std::vector<ast::Stmt *> stmts;     // Statements
  Diagnostics diags;                  // Error
};

// `text` is the whole entry so far (continuation lines joined by '\n');
// `name` names it in diagnostics.
Input parse_input(const std::string &text, const std::string &name = "stdin");

}  // namespace bpfsh::repl
