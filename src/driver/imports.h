#pragma once
// `import "NAME";` at the top level of a script, as upstream v0.26:
// NAME is looked for beside the script, then in each -I directory. A `.bt`
// file is parsed and its C definitions, macros, map declarations and probes
// join the script (before the script's own, so an imported BEGIN runs
// first); a directory imports every `.bt` file in it. Imports of imported
// files are resolved the same way, each NAME once.
#include <string>
#include <vector>

#include "ast/ast.h"
#include "common/diag.h"

namespace bpfsh::driver {

// Resolves ctx.program's imports; the imported files' trees are owned by
// ctx (their nodes' ranges name their own file). False on an error.
bool resolve_imports(ast::Context &ctx, const std::vector<std::string> &import_dirs, Diagnostics &diags);

}  // namespace bpfsh::driver
