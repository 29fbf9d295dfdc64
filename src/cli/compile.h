#pragma once
// The front half of the pipeline, shared by the command line and the REPL:
// source text -> parser -> sema -> codegen -> Artifact.
#include <optional>
#include <ostream>

#include "ast/ast.h"
#include "codegen/artifact.h"
#include "common/diag.h"
#include "sema/pipeline.h"

namespace bpfsh::cli {

struct CompileOptions {
  sema::SemaOptions sema;
  std::ostream *dump_ast = nullptr;  // -d: the AST
  std::ostream *dump_ir = nullptr;   // -d, --emit-llvm: the IR
  bool helper_checks = false;    // -k
};

// Returns nullopt with diags holding the errors.
std::optional<codegen::Artifact> compile_source(ast::Context &ctx, const CompileOptions &opts,
                                                Diagnostics &diags);

}  // namespace bpfsh::cli
