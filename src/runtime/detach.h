#pragma once
// Detaching is the slow part on this kernel: closing a tracepoint's perf
// event waits 25-90 ms for a grace period, under a kernel lock (event_mutex)
// that makes the closes wait for each other, so ten tracepoints take 0.3 s
// however many threads close them; a uprobe link takes about 110 ms.
//
// So links are taken off their hooks first, in parallel (the programs stop
// after one grace period, about 32 ms, which the threads wait out together),
// and perf events that links kept open (link.h) are closed by a short-lived
// helper process (detach_helper.h, named bpfsh-detach) that holds them and
// exits once our own descriptors are closed: the kernel's waiting happens in
// its exit, not in bpfsh's. No BPF object outlives bpfsh: the events it
// leaves behind for those milliseconds have no program attached, and the
// helper ends by itself within two seconds even if bpfsh is killed. It is
// not waited for; an ended one is reaped when the next one starts.
#include <vector>

#include "runtime/link.h"

namespace bpfsh::runtime {

void destroy_in_parallel(std::vector<Link> links);

}  // namespace bpfsh::runtime
