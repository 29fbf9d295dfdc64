#include "runtime/test_run.h"


#include <cerrno>
#include <cstdint>

#include "runtime/kernel_calls.h"

namespace bpfsh::runtime {

Result<void> run_once(int prog_fd, const std::string &subject) {
  // The kernel requires ctx_size_in >= the largest ctx offset the program
  // reads and <= 12 * 8 (MAX_BPF_FUNC_ARGS); data_in/out must be empty.
  uint64_t ctx[12] = {};
  LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = ctx, .ctx_size_in = sizeof ctx);
  if (kcall::prog_test_run(prog_fd, opts, subject) != 0)
    return fail(errno_message(subject, "failed to run", errno));
  return {};
}

}  // namespace bpfsh::runtime
