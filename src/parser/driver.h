#pragma once
// The parser's entry points. Both fill `diags` instead of printing or
// throwing; the caller renders them.
#include "ast/ast.h"
#include "common/diag.h"
#include "parser/preprocess.h"

namespace bpfsh::parser {

struct ParseResult {
  bool ok = false;
  // The error was an unexpected end of input (an unclosed block, comment or
  // expression): the REPL asks for a continuation line instead of failing.
  bool incomplete = false;
};

// Parses ctx.source.text as a whole script and sets ctx.program; the
// headers its #include lines (and --include) read come from `headers`.
ParseResult parse_program(ast::Context &ctx, Diagnostics &diags, HeaderSource *headers = nullptr);

// Adds stdlib/'s macros to `program`, except those it defines itself.
void add_stdlib_macros(ast::Program &program);

// Parses ctx.source.text as a single expression (for the REPL) into `out`.
ParseResult parse_expression(ast::Context &ctx, Diagnostics &diags, ast::Expr *&out);

// Parses ctx.source.text as statements, as they would appear inside a
// probe's braces (the REPL runs them once), into `out`.
ParseResult parse_statements(ast::Context &ctx, Diagnostics &diags, std::vector<ast::Stmt *> &out);

}  // namespace bpfsh::parser
