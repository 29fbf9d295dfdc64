#pragma once
// Macros (`macro name($v, @m, e) { ...; result }`) are expanded in the AST
// before anything else looks at it: the later passes never see a macro call.
#include "ast/ast.h"
#include "common/diag.h"

namespace bpfsh::sema {

void expand_macros(ast::Context &ctx, Diagnostics &diags);

}  // namespace bpfsh::sema
