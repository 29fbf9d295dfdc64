#pragma once
// Statements that can never run: those after a `return`, an `exit()`, or a
// `break` or `continue` in the same block, and after an if whose branches
// all end so. Upstream warns at the first of them ("Unreachable
// statement."); the code is still checked, and codegen drops it.
#include "ast/ast.h"
#include "common/diag.h"

namespace bpfsh::sema {

// Warns once per block, at the first statement no path reaches, in the
// probes and the script's own macros as written (before probe expansion
// copies them, so a block of many attach points warns once).
void warn_unreachable(const ast::Program &program, Diagnostics &diags);

}  // namespace bpfsh::sema
