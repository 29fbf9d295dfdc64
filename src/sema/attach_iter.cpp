// iter:NAME      a BPF iterator (task, task_file, task_vma, ...): runs once over
//                every object and the program exits; ctx is the kernel's
//                struct bpf_iter__NAME.
// self:signal:SIGUSR1   runs when bpfsh itself receives the signal.
#include <csignal>

#include "sema/attach_context.h"
#include "sema/kernel_types.h"

namespace bpfsh::sema {

void resolve_iter(AttachContext &c, const std::vector<std::string> &parts) {
  if (parts.size() < 2 || parts[1].empty()) {
    c.error("iter should specify a iterator's name");
    return;
  }
  if (parts.size() > 2) {
    c.error("pinning iterators (iter:" + parts[1] + ":" + parts[2] + ") is not supported");
    return;
  }
  if (has_wildcard(parts[1])) {
    c.error("iter probe type does not support wildcards");
    return;
  }
  if (c.probe->attach_points.size() > 1) {
    c.error("Only single iter attach point is allowed.");
    return;
  }
  if (!c.kernel().named("struct bpf_iter__" + parts[1])) {
    c.missing("iter " + parts[1] + " not available for your kernel version.",
            "list the available ones with: bpfsh -l 'iter:*'");
    return;
  }
  auto pi = c.base(ProbeType::Iter, "iter:" + parts[1]);
  pi.func = parts[1];
  c.info.probes.push_back(std::move(pi));
}

void resolve_self(AttachContext &c, const std::vector<std::string> &parts) {
  if (parts.size() != 3 || parts[1] != "signal") {
    c.error((parts.size() > 1 ? parts[1] : std::string()) + " is not a supported trigger",
            "write self:signal:SIGUSR1");
    return;
  }
  if (parts[2] != "SIGUSR1") {
    c.error(parts[2] + " is not a supported signal");
    return;
  }
  auto pi = c.base(ProbeType::SelfSignal, "self:signal:SIGUSR1");
  pi.signal = SIGUSR1;
  c.info.probes.push_back(std::move(pi));
}

}  // namespace bpfsh::sema
