#pragma once
// The state of one parse, shared by the grammar's actions and the lexer.
// Included by the generated parser header (parser.yy's %code provides),
// after Bison has declared `location` and `Parser`; include parser.hpp, not
// this file.
#include "common/diag.h"

namespace bpfsh::parser {

// Everything one parse needs: the arena, the diagnostics, and the lexer's
// state (handed to flex as yyextra, so the scanner holds no globals).
struct ParseState {
  ParseState(ast::Context &c, Diagnostics &d) : ctx(c), diags(d) {}

  ast::Context &ctx;
  Diagnostics &diags;

  // -- lexer state --
  int start_token = 0;          // emitted once, before the first real token
  bool expr_only = false;       // never go back to the top-level state
  location loc;                 // of the token being scanned
  std::vector<location> open_braces;  // innermost last
  bool in_predicate = false;    // between a probe's `/` and its closing `/`
  bool saw_eof = false;         // the lexer has returned end of file
  bool lex_error = false;       // the lexer already reported an error
  location last_token;          // the last real token returned

  // -- results --
  bool syntax_error = false;
  bool incomplete = false;
  ast::Expr *expr_out = nullptr;
  std::vector<ast::Stmt *> stmts_out;

  // Advances `loc` over the text just matched.
  void advance(const char *text, int len);

  // Bison's end column is exclusive; a SourceRange's end is inclusive.
  SourceRange range(const location &l) const;

  template <class T>
  T *make(const location &l) {
    return ctx.make<T>(range(l));
  }

  void report_syntax_error(const location &l, const std::string &msg);
};

// The scanner (lexer.l); the parser calls it with its scanner handle.
Parser::symbol_type yylex(void *yyscanner);

// Runs the scanner and parser over `text` (lexer.l owns the scanner's
// lifetime). Returns true when the parse succeeded.
bool run_parser(ParseState &ps, const std::string &text);

}  // namespace bpfsh::parser
