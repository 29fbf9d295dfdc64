#pragma once
// libbpf's messages go through one callback (libbpf_set_print). We keep the
// recent ones so errors can quote them (the verifier log arrives this way)
// and echo them to stderr only when verbose.
#include <string>

namespace bpfsh::runtime {

// Installs the callback; idempotent. `verbose` echoes every message.
void libbpf_log_init(bool verbose);

// Returns the messages captured since the last call and forgets them.
std::string libbpf_log_take();

}  // namespace bpfsh::runtime
