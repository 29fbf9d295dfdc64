#pragma once
// The interactive shell: `bpfsh` with no program on a terminal, or
// `bpfsh -i`. Probe blocks attach into one live session and keep running;
// statements run once; dot-commands inspect and change the session. On a
// terminal lines are edited (libedit); otherwise stdin is read line by line.
#include <string>

#include "runtime/output/output.h"
#include "host/host.h"
#include "runtime/symbolizer.h"

namespace bpfsh::repl {

struct ReplOptions {
  runtime::output::Format format = runtime::output::Format::Text;
  bool verbose = false;
  bool unsafe = false;
  runtime::Symbolizer *symbolizer = nullptr;  // names stacks and symbols
  host::Host *host = nullptr;                 // required: what entries compile for
  // A script attached first, as by `.load` (empty text: none).
  std::string preload_name;
  std::string preload_text;
};

// Runs until Ctrl-D, .quit, exit() or SIGTERM; then detaches everything,
// prints the maps like a script's exit, and returns the exit status.
int run_repl(const ReplOptions &opts);

}  // namespace bpfsh::repl
