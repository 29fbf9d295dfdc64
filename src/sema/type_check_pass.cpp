#include "sema/type_check_pass.h"

#include <set>

#include "sema/type_checker.h"

namespace bpfsh::sema {
namespace {

// Each attach point's body is checked on its own. The first failing attach
// point of a block speaks for the block: the later ones hold the same text
// and would repeat its messages.
void check_probes(ProgramInfo &info, Diagnostics &diags, bool unsafe, bool final_pass) {
  std::set<const ast::Probe *> failed, seen;
  for (auto &pi : info.probes) {
    if (failed.count(pi.probe)) continue;
    bool first = seen.insert(pi.probe).second;
    Diagnostics own;
    TypeChecker(info, own, unsafe, final_pass).check_probe(pi);
    if (own.has_errors()) failed.insert(pi.probe);
    else if (!first) continue;
    for (auto &d : own.all()) {
      auto &n = diags.add(d);
      if (!first && d.severity == Severity::Error) n.hints.push_back("in attach point " + pi.display);
    }
  }
}

}  // namespace

// Maps are global and may be read in one probe before the probe that
// assigns them: a first round learns every map's type, the second checks.
void type_check(ProgramInfo &info, const SemaOptions &opts, Diagnostics &diags) {
  Diagnostics scratch;
  check_probes(info, scratch, opts.unsafe, false);
  check_probes(info, diags, opts.unsafe, true);
}

}  // namespace bpfsh::sema
