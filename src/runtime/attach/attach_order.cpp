#include "runtime/attach/attach_order.h"

namespace bpfsh::runtime {

// Checked on this kernel for these kinds (tests/e2e/cases/*_same_*_order).
// kprobes are thought to behave so too (bpftrace attaches them in reverse),
// but cannot be run here, so they keep script order.
bool fires_last_attached_first(artifact::ProbeKind kind) {
  using K = artifact::ProbeKind;
  return kind == K::Uprobe || kind == K::Uretprobe || kind == K::Usdt;
}

std::vector<size_t> attach_order(const std::vector<artifact::ProbeSpec> &probes) {
  std::vector<size_t> order;
  order.reserve(probes.size());
  for (size_t i = 0; i < probes.size(); i++)
    if (!fires_last_attached_first(probes[i].type)) order.push_back(i);
  for (size_t i = probes.size(); i-- > 0;)
    if (fires_last_attached_first(probes[i].type)) order.push_back(i);
  return order;
}

}  // namespace bpfsh::runtime
