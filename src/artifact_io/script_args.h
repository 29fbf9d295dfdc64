#pragma once
// The arguments after a script, in one spelling whatever order they came
// in: its positional parameters in order, then each named one as
// "--name=value" by name. A compiled object records those it was compiled
// with (Artifact::script_args), and bpfsh-run compares what it is given.
#include <map>
#include <string>
#include <vector>

namespace bpfsh::artifact_io {

struct ScriptArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::string> named;  // --name[=value]; a bare --name is ""
};

// argv after the script as bpfsh reads it: "--x[=v]" is named, the rest positional.
ScriptArgs split_script_args(const std::vector<std::string> &args);
std::vector<std::string> canonical_script_args(const ScriptArgs &a);

}  // namespace bpfsh::artifact_io
