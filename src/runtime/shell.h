#pragma once
// system(): runs a command with /bin/sh and collects what it writes on its
// standard output, which then goes wherever bpfsh's output goes.
#include <string>

#include "runtime/result.h"

namespace bpfsh::runtime {

Result<std::string> run_shell_captured(const std::string &cmd);

}  // namespace bpfsh::runtime
