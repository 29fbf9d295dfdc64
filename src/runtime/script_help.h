#pragma once
// `bpfsh script.bt -- --help`: the script's own options (its getopt()
// calls), with their types, defaults and descriptions; the script does not
// run. A script that asks for getopt("help") itself gets the value instead.
#include <ostream>

#include "artifact/artifact.h"

namespace bpfsh::runtime {

bool wants_script_help(const artifact::Artifact &a, bool help_given);
void print_script_help(const artifact::Artifact &a, std::ostream &out);

}  // namespace bpfsh::runtime
