#pragma once
// `bpfsh --complete TEXT`: what the shell completion scripts offer.
#include <string>

#include "host/host.h"

namespace bpfsh::cli {

// Prints each completion of the end of `text` as the whole of `text` with
// its last word completed, one per line: options for a word that starts
// with '-', otherwise what the interactive shell's Tab offers there
// (probe providers, tracepoints, a binary's functions after uprobe:PATH:,
// builtins inside a block). Returns the exit status.
int run_complete(host::Host &host, const std::string &text);

}  // namespace bpfsh::cli
