#include "runtime/test_run.h"

#include <bpf/bpf.h>

#include <cerrno>
#include <cstdint>

namespace bpfsh::runtime {

Result<void> run_once(int prog_fd, const std::string &subject) {
  // The kernel requires ctx_size_in >= the largest ctx offset the program
  // reads and <= 12 * 8 (MAX_BPF_FUNC_ARGS); data_in/out must be empty.
  uint64_t ctx[12] = {};
  LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = ctx, .ctx_size_in = sizeof ctx);
  if (bpf_prog_test_run_opts(prog_fd, &opts) != 0)
    return fail(errno_message(subject, "failed to run", errno));
  return {};
}

}  // namespace bpfsh::runtime
