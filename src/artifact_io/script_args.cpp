#include "artifact_io/script_args.h"

namespace bpfsh::artifact_io {

ScriptArgs split_script_args(const std::vector<std::string> &args) {
  ScriptArgs out;
  for (const auto &a : args) {
    if (a.size() > 2 && a.starts_with("--")) {
      size_t eq = a.find('=');
      out.named[a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2)] =
          eq == std::string::npos ? "" : a.substr(eq + 1);
      continue;
    }
    out.positional.push_back(a);
  }
  return out;
}

std::vector<std::string> canonical_script_args(const ScriptArgs &a) {
  std::vector<std::string> out = a.positional;
  for (const auto &[name, value] : a.named) out.push_back("--" + name + "=" + value);
  return out;
}

}  // namespace bpfsh::artifact_io
