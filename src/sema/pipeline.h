#pragma once
// Semantic analysis: every check between parsing and codegen, in order.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "common/diag.h"
#include "sema/options.h"
#include "sema/program_info.h"

namespace bpfsh::sema {

// Fills `info` from `ctx.program` and annotates the AST with types.
// Returns false when diags holds an error.
bool analyse(ast::Context &ctx, const SemaOptions &opts, ProgramInfo &info, Diagnostics &diags);

}  // namespace bpfsh::sema
