#pragma once
// A script's own command-line options: every `getopt("name"[, default[,
// "description"]])` after the script's `--` (`--name=value`, `--flag`).
// This pass gathers them before anything is typed, so that
//   - one name has one default wherever it is asked for,
//   - a value given for it is checked against the default's type once,
//   - an option the script never asks for is an error (a typo would
//     otherwise run with the default, unseen),
//   - `-- --help` can list them (artifact::OptionSpec).
// Needs: macros expanded (a macro may call getopt). Gives:
// ProgramInfo::script_options, each with the value type checking lowers
// every call of it to.
#include "ast/ast.h"
#include "common/diag.h"
#include "sema/program_info.h"

namespace bpfsh::sema {

void collect_script_options(ast::Program &program, ProgramInfo &info, Diagnostics &diags);

}  // namespace bpfsh::sema
