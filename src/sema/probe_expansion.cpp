#include "sema/probe_expansion.h"

#include <set>

#include "ast/clone.h"

namespace bpfsh::sema {

// The first attach point of a block keeps the parsed body: a block with one
// attach point, the common case, copies nothing.
void expand_probes(ast::Context &ctx, ProgramInfo &info) {
  std::set<const ast::Probe *> seen;
  for (auto &pi : info.probes) {
    const ast::Probe *p = pi.probe;
    if (seen.insert(p).second) {
      pi.predicate = p->predicate;
      pi.body = p->body;
      continue;
    }
    pi.predicate = p->predicate ? ast::clone_tree(ctx, p->predicate) : nullptr;
    pi.body = ast::clone_tree(ctx, p->body);
  }
}

}  // namespace bpfsh::sema
