#pragma once
// bpfsh -l [PATTERN] and -l with a program: print the matching probes.
#include "ast/ast.h"
#include "cli/options.h"
#include "host/host.h"

namespace bpfsh::cli {

// `ctx` holds the program's source when one was given (-e or a file): its
// attach points are the patterns. Returns the exit status.
int run_list(host::Host &host, const Options &o, ast::Context *ctx);

}  // namespace bpfsh::cli
