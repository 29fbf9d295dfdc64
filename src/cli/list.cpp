#include "cli/list.h"

#include <iostream>

#include "driver/pipeline.h"
#include "sema/probe_list.h"

namespace bpfsh::cli {

int run_list(host::Host &host, const Options &o, ast::Context *ctx) {
  std::vector<std::string> patterns;
  if (ctx) {
    Diagnostics diags;
    bool ok = driver::parse(*ctx, diags).ok;
    diags.render(std::cerr, ctx->source);
    if (!ok) return 1;
    for (auto *probe : ctx->program->probes)
      for (auto *ap : probe->attach_points) patterns.push_back(ap->raw);
  } else {
    patterns.push_back(o.list_pattern.empty() ? "*:*" : o.list_pattern);
  }
  std::vector<std::string> warnings;
  for (const auto &pattern : patterns) {
    for (const auto &p : sema::list_probes(host, pattern, o.pid, o.verbose, warnings)) {
      std::cout << p.name << "\n";
      for (const auto &param : p.params) std::cout << "    " << param << "\n";
    }
  }
  for (const auto &w : warnings) std::cerr << "WARNING: " << w << "\n";
  std::cout.flush();
  return 0;
}

}  // namespace bpfsh::cli
