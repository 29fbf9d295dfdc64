#pragma once
// Positional parameters are compile-time literals, as in bpftrace: this pass
// replaces every `$N` and `$#` by a literal node before any other check looks
// at the tree, so wherever a literal may stand (lhist's bounds, kstack's
// limit, unroll's count, a config value) an argument may too.
//   $N    an integer literal when the argument is a number (param_numbers.h),
//         else a string literal; 0 when it is missing or empty (warned).
//   $#    the number of arguments.
//   str($N), str($N + k)
//         the argument's text (from its k-th character), even when it reads
//         as a number.
//   attach points: each unquoted `$N` in the text is replaced by the
//         argument's text (`interval:s:$1`, `uprobe:$1:main`).
// Needs: the arguments. Gives: a tree with no Positional or PositionalCount
// node, in the probes, the macros and the config block.
#include <string>
#include <vector>

#include "ast/ast.h"
#include "common/diag.h"

namespace bpfsh::sema {

void replace_positional_params(ast::Context &ctx, const std::vector<std::string> &args, Diagnostics &diags);

}  // namespace bpfsh::sema
