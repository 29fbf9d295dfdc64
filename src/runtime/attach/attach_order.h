#pragma once
// The order a unit's probes are attached in, so that blocks on one place
// fire in script order. The kernel runs the programs of a tracepoint or
// perf event in the order they were attached, but a uprobe's (and so a
// uretprobe's and a usdt site's) last-attached first: those are attached
// after the others, from the last to the first.
#include <cstddef>
#include <vector>

#include "artifact/probes.h"

namespace bpfsh::runtime {

// Whether the kernel runs `kind`'s programs on one place last-attached first.
bool fires_last_attached_first(artifact::ProbeKind kind);

// Indexes into `probes`: first those that fire in attach order, in script
// order, then the others in reverse script order.
std::vector<size_t> attach_order(const std::vector<artifact::ProbeSpec> &probes);

}  // namespace bpfsh::runtime
