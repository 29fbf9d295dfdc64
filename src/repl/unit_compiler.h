#pragma once
// Compiles one REPL block into an Artifact. Sema starts from the maps the
// live session already has (their types are fixed, and they keep the first
// places in the map table), so a block that uses a map with another type
// gets a located error, and the runtime can hand the block the same kernel
// maps.
#include <optional>
#include <vector>

#include "ast/ast.h"
#include "artifact/artifact.h"
#include "common/diag.h"
#include "sema/options.h"

namespace bpfsh::repl {

struct CompiledUnit {
  artifact::Artifact artifact;
  std::vector<sema::MapInfo> maps;  // every map: the known ones, then the new
};

// Type-checks ctx.program without generating code; `maps` gets its map table.
bool check_program(ast::Context &ctx, const sema::SemaOptions &opts, std::vector<sema::MapInfo> &maps,
                   Diagnostics &diags);

// ctx.program -> Artifact.
std::optional<CompiledUnit> compile_program(ast::Context &ctx, const sema::SemaOptions &opts, Diagnostics &diags);

// Statements entered at the prompt become a BEGIN probe that runs once. A
// lone expression that has a value (`1 + 2`, `@x[1]`, `comm`) is printed:
// it becomes print(expr). Sema decides "has a value": printf() and the like
// have none. The scratch variables of earlier lines are set first, and this
// line's are kept after it (scratch_variables.h).
std::optional<CompiledUnit> compile_statements(ast::Context &ctx, const std::vector<ast::Stmt *> &stmts,
                                               const sema::SemaOptions &opts, Diagnostics &diags);

}  // namespace bpfsh::repl
