#pragma once
// Detaching is the slow part on this kernel: closing a tracepoint's perf
// event waits 25-90 ms for a grace period, under a kernel lock (event_mutex)
// that makes the closes wait for each other, so ten tracepoints take 0.3 s
// however many threads close them; a uprobe link takes about 110 ms.
//
// So links are taken off their hooks first, in parallel (the programs stop
// at once), and perf events that links kept open (link.h) are closed by a
// short-lived helper process that inherits them and exits: the kernel's
// waiting happens in that process's exit, not in bpfsh's. No BPF object
// outlives bpfsh: the events it leaves behind for those milliseconds have no
// program attached.
#include <vector>

#include "runtime/link.h"

namespace bpfsh::runtime {

void destroy_in_parallel(std::vector<Link> links);

}  // namespace bpfsh::runtime
