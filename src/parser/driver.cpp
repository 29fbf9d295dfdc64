#include "parser/driver.h"
#include "parser/preprocess.h"
#include "ast/nesting.h"

#include <algorithm>
#include <set>

#include "common/stdlib.h"

#include "parser.hpp"

namespace bpfsh::parser {

void ParseState::advance(const char *text, int len) {
  loc.step();
  for (int i = 0; i < len; i++) {
    if (text[i] == '\n')
      loc.lines(1);
    else
      loc.columns(1);
  }
}

SourceRange ParseState::range(const location &l) const {
  SourceRange r;
  r.file = ctx.range_file;
  r.begin = {l.begin.line, l.begin.column};
  r.end = {l.end.line, l.end.column - 1};
  // An empty location (an empty rule, end of file) covers its first column.
  if (r.end.line < r.begin.line || (r.end.line == r.begin.line && r.end.col < r.begin.col))
    r.end = r.begin;
  return r;
}

// Whether the parser wanted a statement's end (';' or '}') and found
// something else: "unexpected X, expecting } or ;".
static bool ends_statement_early(const std::string &msg) {
  size_t at = msg.find(", expecting ");
  if (at == std::string::npos || msg.find("unexpected }") != std::string::npos) return false;
  std::string wanted(1, ' ');
  wanted.append(msg, at + 12).push_back(' ');
  return wanted.find(" ; ") != std::string::npos || wanted.find(" } ") != std::string::npos ||
         wanted.find(" ;, ") != std::string::npos || wanted.find(" }, ") != std::string::npos;
}

void ParseState::report_syntax_error(const location &l, const std::string &msg) {
  syntax_error = true;
  if (!saw_eof) {
    auto &d = diags.error(range(l), msg);
    // A statement ran into the next one: the usual cause is a missing ';'.
    if (ends_statement_early(msg))
      d.hints.push_back("is a ';' missing before it?");
    return;
  }
  // Out of input: point at the block left open (like Lua's check_match), or
  // else at the last token, since the end of file has no text to underline.
  incomplete = true;
  if (!open_braces.empty()) {
    diags.error(range(open_braces.back()), "unterminated block: expected '}' before end of file");
    return;
  }
  diags.error(range(last_token), msg);
}

namespace {

// The C definitions of the headers #include read, each parsed on its own
// with its nodes' ranges in its file; anything but C definitions there is
// an error. False after an error.
bool read_headers(ast::Context &ctx, Diagnostics &diags, const std::vector<Included> &headers,
                  std::vector<ast::CDefinition *> &out) {
  bool ok = true;
  const SourceFile *saved = ctx.range_file;
  for (const auto &h : headers) {
    ParseState ps(ctx, diags);
    ps.start_token = Parser::token::TOK_START_PROGRAM;
    ctx.range_file = h.file;
    ctx.program = nullptr;
    if (!run_parser(ps, h.text) || !ctx.program) {
      ok = false;
      continue;
    }
    ast::Program &p = *ctx.program;
    std::vector<SourceRange> others;
    for (const ast::Node *n : p.probes) others.push_back(n->range);
    for (const ast::Node *n : p.macros) others.push_back(n->range);
    for (const ast::Node *n : p.map_decls) others.push_back(n->range);
    for (const ast::Node *n : p.config) others.push_back(n->range);
    for (const auto &i : p.imports) others.push_back(i.range);
    if (!others.empty()) {
      SourceRange at = others[0];
      diags.error(at, "a header #include reads may hold only C definitions and preprocessor directives");
      ok = false;
    }
    out.insert(out.end(), p.c_defs.begin(), p.c_defs.end());
  }
  ctx.range_file = saved;
  ctx.program = nullptr;
  return ok;
}

ParseResult run(ParseState &ps, ast::Context &ctx, HeaderSource *headers = nullptr) {
  // Diagnostics quote ctx.source.text; the parser reads it preprocessed,
  // line for line.
  auto errors = [&] {
    return std::count_if(ps.diags.all().begin(), ps.diags.all().end(),
                         [](const Diagnostic &d) { return d.severity == Severity::Error; });
  };
  auto before = errors();
  std::vector<Included> included;
  std::string text = preprocess(ctx.source.text, ps.diags, headers, &included);
  if (errors() != before) return ParseResult{};  // a warning (a header skipped) lets the parse go on
  std::vector<ast::CDefinition *> header_defs;
  if (!read_headers(ctx, ps.diags, included, header_defs)) return ParseResult{};
  auto before_parse = errors();
  bool parsed = run_parser(ps, text);
  // A grammar action's own located error (a type in a call) fails the parse too.
  bool ok = parsed && errors() == before_parse;
  if (ok && ctx.program) {
    auto &defs = ctx.program->c_defs;
    defs.insert(defs.begin(), header_defs.begin(), header_defs.end());
  }
  ParseResult res;
  res.ok = ok;
  res.incomplete = !parsed && ps.saw_eof;
  return res;
}

}  // namespace

ParseResult parse_program(ast::Context &ctx, Diagnostics &diags, HeaderSource *headers) {
  ParseState ps(ctx, diags);
  ps.start_token = Parser::token::TOK_START_PROGRAM;
  ParseResult res = run(ps, ctx, headers);
  if (res.ok && ctx.program && !ast::check_nesting(*ctx.program, diags)) res.ok = false;
  if (!res.ok) ctx.program = nullptr;
  return res;
}

ParseResult parse_expression(ast::Context &ctx, Diagnostics &diags, ast::Expr *&out) {
  ParseState ps(ctx, diags);
  ps.start_token = Parser::token::TOK_START_EXPR;
  ps.expr_only = true;
  ParseResult res = run(ps, ctx);
  if (res.ok && !ast::check_nesting({ps.expr_out}, {}, diags)) res.ok = false;
  out = res.ok ? ps.expr_out : nullptr;
  return res;
}

ParseResult parse_statements(ast::Context &ctx, Diagnostics &diags, std::vector<ast::Stmt *> &out) {
  ParseState ps(ctx, diags);
  ps.start_token = Parser::token::TOK_START_STMTS;
  ps.expr_only = true;
  ParseResult res = run(ps, ctx);
  if (res.ok && !ast::check_nesting({}, ps.stmts_out, diags)) res.ok = false;
  out = res.ok ? ps.stmts_out : std::vector<ast::Stmt *>{};
  return res;
}

void add_stdlib_macros(ast::Program &program) {
  // Parsed once per process; the nodes live as long as it does.
  static const std::vector<ast::Macro *> library = [] {
    static ast::Context lib;
    static Diagnostics diags;
    lib.source = {"stdlib", stdlib_source()};
    std::vector<ast::Macro *> out;
    if (!parse_program(lib, diags).ok) return out;
    for (auto *m : lib.program->macros) {
      m->from_stdlib = true;
      out.push_back(m);
    }
    return out;
  }();
  // A script's macro replaces the library's of the same name and parameter
  // kinds; other overloads of that name stay.
  std::set<std::pair<std::string, std::string>> own;
  for (auto *m : program.macros) own.emplace(m->name, m->signature());
  for (auto *m : library)
    if (!own.count({m->name, m->signature()})) program.macros.push_back(m);
}

}  // namespace bpfsh::parser
