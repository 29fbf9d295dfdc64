#pragma once
// `let @m = hash(N);` and its kin at the top level: a map's BPF type and size
// chosen by the script instead of inferred.
#include "ast/ast.h"
#include "common/diag.h"
#include "sema/program_info.h"

namespace bpfsh::sema {

// Creates the declared maps (untyped yet) before type checking.
void declare_maps(const ast::Program &program, ProgramInfo &info, Diagnostics &diags);

// After type checking: a declaration must fit how the map is used
// (aggregations need a per-CPU kind, plain values a shared one).
void check_map_decls(ProgramInfo &info, Diagnostics &diags);

}  // namespace bpfsh::sema
