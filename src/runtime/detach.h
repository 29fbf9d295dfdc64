#pragma once
// Detaching is the slow part on this kernel: bpf_link__destroy takes about
// 25 ms per tracepoint link and 110 ms per uprobe link (kernel-caps.md), and
// the time is spent waiting, not computing. So links are destroyed from
// several threads at once.
#include <vector>

#include "runtime/link.h"

namespace bpfsh::runtime {

void destroy_in_parallel(std::vector<Link> links);

}  // namespace bpfsh::runtime
