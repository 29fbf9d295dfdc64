#pragma once
// An indented dump of the syntax tree, one node per line, for `-d ast`.
#include <ostream>

#include "ast/ast.h"

namespace bpfsh::ast {

void print_ast(std::ostream &out, const Program &program);

// One expression, for the REPL and tests.
void print_ast(std::ostream &out, const Expr &expr);

}  // namespace bpfsh::ast
