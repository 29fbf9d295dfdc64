#include "repl/unit_compiler.h"

#include "driver/pipeline.h"
#include "repl/scratch_variables.h"

namespace bpfsh::repl {

namespace {

driver::Options driver_options(const sema::SemaOptions &opts) {
  driver::Options d;
  d.sema = opts;
  return d;
}

}  // namespace

bool check_program(ast::Context &ctx, const sema::SemaOptions &opts, std::vector<sema::MapInfo> &maps,
                   Diagnostics &diags) {
  sema::ProgramInfo info;
  if (!driver::check(ctx, driver_options(opts), info, diags)) return false;
  maps = info.maps;
  return true;
}

std::optional<CompiledUnit> compile_program(ast::Context &ctx, const sema::SemaOptions &opts, Diagnostics &diags) {
  sema::ProgramInfo info;
  auto artifact = driver::generate(ctx, driver_options(opts), info, diags);
  if (!artifact) return std::nullopt;
  return CompiledUnit{std::move(*artifact), info.maps};
}

namespace {

// BEGIN { stmts }, every node placed over the whole entry.
ast::Program *wrap_in_begin(ast::Context &ctx, const std::vector<ast::Stmt *> &stmts) {
  SourceRange all = stmts.front()->range;
  all.end = stmts.back()->range.end;
  auto *ap = ctx.make<ast::AttachPoint>(all);
  ap->raw = "BEGIN";
  auto *body = ctx.make<ast::Block>(all);
  body->stmts = stmts;
  auto *probe = ctx.make<ast::Probe>(all);
  probe->attach_points = {ap};
  probe->body = body;
  auto *program = ctx.make<ast::Program>(all);
  program->probes = {probe};
  return program;
}

// The lone expression statement whose value the user wants to see, if any.
ast::ExprStmt *printable(const std::vector<ast::Stmt *> &stmts) {
  if (stmts.size() != 1 || stmts[0]->kind != ast::StmtKind::Expr) return nullptr;
  auto *s = static_cast<ast::ExprStmt *>(stmts[0]);
  const ast::Type &t = s->expr->type;
  return t.is_none() || t.is_agg() ? nullptr : s;
}

}  // namespace

std::optional<CompiledUnit> compile_statements(ast::Context &ctx, const std::vector<ast::Stmt *> &stmts,
                                               const sema::SemaOptions &opts, Diagnostics &diags) {
  SourceRange all = stmts.front()->range;
  all.end = stmts.back()->range.end;
  std::vector<ast::Stmt *> body = restore_scratch(ctx, opts.known_maps, all);
  body.insert(body.end(), stmts.begin(), stmts.end());
  ctx.program = wrap_in_begin(ctx, body);
  sema::ProgramInfo info;
  if (!driver::check(ctx, driver_options(opts), info, diags)) return std::nullopt;
  // Sema has typed the variables now: what a map can hold is known.
  std::vector<ast::Stmt *> saves = save_scratch(ctx, body, all, diags);
  ast::ExprStmt *shown = printable(stmts);
  if (!shown && saves.empty()) {
    auto artifact = driver::emit(ctx, driver_options(opts), info, diags);
    if (!artifact) return std::nullopt;
    return CompiledUnit{std::move(*artifact), info.maps};
  }
  if (shown) {
    auto *call = ctx.make<ast::Call>(shown->expr->range);
    call->name = "print";
    call->args = {shown->expr};
    shown->expr = call;
  }
  body.insert(body.end(), saves.begin(), saves.end());
  ctx.program = wrap_in_begin(ctx, body);
  return compile_program(ctx, opts, diags);  // print() and the saves need their own check
}

}  // namespace bpfsh::repl
