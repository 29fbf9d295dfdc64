#pragma once
// The nesting limit: every later stage walks the tree recursively, so a
// script nested deeper than any real one (20,000 chained `+ 1`, 100,000
// nested blocks) is an error here rather than a stack overflow there.
#include <cstddef>
#include <vector>

#include "ast/ast.h"
#include "common/diag.h"

namespace bpfsh::ast {

// How many nodes deep an expression or statement may nest (docs/language.md).
inline constexpr size_t kMaxNesting = 1000;

// Reports "nesting too deep" at the first node past the limit; walks without
// recursion. True when within it.
bool check_nesting(const std::vector<Expr *> &exprs, const std::vector<Stmt *> &stmts,
                   Diagnostics &diags, size_t limit = kMaxNesting);

// The same over a whole program: probes, macros and config values.
bool check_nesting(const Program &program, Diagnostics &diags, size_t limit = kMaxNesting);

}  // namespace bpfsh::ast
