#include "cli/compile.h"

#include "ast/printer.h"
#include "codegen/codegen.h"
#include "parser/driver.h"

namespace bpfsh::cli {

// The pipeline, in order: each stage runs only if the one before it succeeded.
std::optional<codegen::Artifact> compile_source(ast::Context &ctx, const CompileOptions &opts,
                                                Diagnostics &diags) {
  if (!parser::parse_program(ctx, diags).ok) return std::nullopt;
  parser::add_stdlib_macros(*ctx.program);
  if (opts.dump_ast) ast::print_ast(*opts.dump_ast, *ctx.program);
  sema::ProgramInfo info;
  if (!sema::analyse(ctx, opts.sema, info, diags)) return std::nullopt;
  codegen::CodegenOptions cg;
  cg.dump_ir = opts.dump_ir;
  cg.helper_checks = opts.helper_checks;
  return codegen::compile(ctx, info, cg, diags);
}

}  // namespace bpfsh::cli
