#include "cli/complete.h"

#include <cstdio>

#include "cli/options.h"
#include "repl/completion.h"
#include "repl/system_sources.h"

namespace bpfsh::cli {

int run_complete(host::Host &host, const std::string &text) {
  if (text.starts_with("-") && text.find_first_of(" \t") == std::string::npos) {
    for (const auto &name : option_names())
      if (name.starts_with(text)) std::printf("%s\n", name.c_str());
    return 0;
  }
  repl::SystemSources sources(host);
  auto c = repl::complete("", text, sources);
  std::string kept = text.substr(0, c.start);
  for (const auto &candidate : c.candidates) std::printf("%s%s\n", kept.c_str(), candidate.c_str());
  return 0;
}

}  // namespace bpfsh::cli
