#pragma once
// BEGIN and END programs are BPF_PROG_TYPE_RAW_TRACEPOINT programs (section
// "raw_tp") that are never attached: we run each once with
// BPF_PROG_TEST_RUN, on the calling CPU.
#include <string>

#include "runtime/result.h"

namespace bpfsh::runtime {

// Runs the program once. Its context is 12 zeroed u64 arguments (the most a
// raw tracepoint takes), so any ctx read the verifier allowed is in bounds.
Result<void> run_once(int prog_fd, const std::string &subject);

}  // namespace bpfsh::runtime
