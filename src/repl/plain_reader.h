#pragma once
// Lines from a stdin that is not a terminal (a pipe, a file, a test): no
// prompt, no editing, the same commands as at the terminal.
#include <memory>

#include "repl/line_source.h"

namespace bpfsh::repl {

std::unique_ptr<LineSource> make_plain_reader(int fd);

}  // namespace bpfsh::repl
