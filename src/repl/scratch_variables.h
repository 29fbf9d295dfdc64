#pragma once
// The prompt's scratch variables outlive the line that set them: `$x = 5`,
// then `$x + 1` prints 6.
//
// Each line of statements is a BEGIN program of its own, and a variable
// lives on that program's stack, so its value has to be kept somewhere
// between programs. It is kept in a map the lines share: a scalar map per
// variable, named "@$x" (a name no entry can write), in the live session
// like any other map. A line begins with `$x = @$x;` for every variable the
// lines before it kept, and ends with `@$x = $x;` for every variable at its
// top level. The other way, replaying each last value as a constant, needs
// a literal for every type a variable can have (pointers, tuples, strings
// of any bytes); a map holds them all, and gives the variable its type back,
// so sema checks a line as it would the same statements in one script: after
// `$x = 5`, `$x = "s"` is the same type mismatch. Integers come back 64 bits
// wide, as from any map. Variables a map can not hold (a struct, an array)
// last one line (a warning says so), and probe blocks keep their variables
// to themselves.
#include <string>
#include <vector>

#include "ast/ast.h"
#include "common/diag.h"
#include "sema/program_info.h"

namespace bpfsh::repl {

// Whether a map of the session holds a scratch variable (not the user's).
bool is_scratch_map(const std::string &map_name);

// `$x = @$x;` for each scratch variable among `known` (the session's maps),
// placed at `at`.
std::vector<ast::Stmt *> restore_scratch(ast::Context &ctx, const std::vector<sema::MapInfo> &known,
                                         SourceRange at);

// `@$x = $x;` for each variable at the top level of `body`, once sema has
// typed it, that a map can hold; a warning in diags for each other one, at
// the statement that sets it.
std::vector<ast::Stmt *> save_scratch(ast::Context &ctx, const std::vector<ast::Stmt *> &body, SourceRange at,
                                      Diagnostics &diags);

}  // namespace bpfsh::repl
