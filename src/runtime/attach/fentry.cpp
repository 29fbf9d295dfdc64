// fentry:[MODULE:]FUNC and fexit:..., BPF_PROG_TYPE_TRACING programs run by a
// BPF trampoline. The kernel checks the target when it loads the program
// (attach_btf_id, set here before the load), so unlike kprobes, a kernel
// that will not run trampolines says so at load time:
//   EPERM with no verifier log: a policy (LSM, lockdown, a sandbox) refuses
//     them even to root, as on kernels that allow every other program type;
//   ENOTSUPP (524) / EOPNOTSUPP: no trampoline for this architecture or
//     kernel (before 5.5, or without CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS).
#include <bpf/libbpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/attach/alternatives.h"
#include "runtime/attach/attach.h"
#include "runtime/kernel_calls.h"

namespace bpfsh::runtime {

namespace {
constexpr int kENOTSUPP = 524;  // the kernel's internal "not supported", seen by user space as is
}

Result<void> prepare_fentry(const artifact::ProbeSpec &spec, bpf_program *prog) {
  if (int rc = bpf_program__set_attach_target(prog, 0, spec.func.c_str()); rc != 0)
    return fail(spec.display + ": the kernel's BTF has no function '" + spec.func + "' to attach to (" +
                std::strerror(-rc) + ")");
  return {};
}

std::optional<std::string> fentry_load_error(const artifact::ProbeSpec &spec, int err, bool verifier_ran) {
  if (verifier_ran) return std::nullopt;
  bool ret = spec.type == artifact::ProbeKind::Fexit;
  if (err == EPERM && geteuid() == 0)
    return spec.display + ": this kernel's policy denies fentry/fexit (BPF trampoline) programs, even to root"
                          " (loading failed: Operation not permitted)" +
           alternatives_hint(spec.func, ret);
  if (err == kENOTSUPP || err == EOPNOTSUPP)
    return spec.display + ": this kernel does not support fentry/fexit (BPF trampolines)" +
           alternatives_hint(spec.func, ret);
  return std::nullopt;
}

Result<Links> attach_fentry(const artifact::ProbeSpec &spec, bpf_program *prog) {
  bpf_link *l = kcall::attach_trace(prog, probe_subject(spec));
  if (!l) return fail(attach_error(spec, errno));
  Links links;
  links.emplace_back(l);
  return links;
}

}  // namespace bpfsh::runtime
