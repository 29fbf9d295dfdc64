// rawtracepoint:[MODULE:]EVENT   the event's btf_trace_EVENT typedef names
//                                its arguments (arg0..argN); a module's
//                                events are in its own BTF.
// An event that is not there is refused here, as bpftrace does, rather than
// when it fails to attach (or, with a module that is not loaded, attached to
// the kernel's event of that name without a word).
#include <bpf/btf.h>

#include <set>

#include "host/host.h"
#include "sema/attach_context.h"
#include "sema/btf_catalog.h"
#include "sema/kernel_types.h"

namespace bpfsh::sema {

namespace {

bool has_event(const struct btf *b, const std::string &event) {
  return b && btf__find_by_name_kind(b, ("btf_trace_" + event).c_str(), BTF_KIND_TYPEDEF) >= 0;
}

// Where the event is: "" for vmlinux, else the first loaded module that has
// it; nullopt when none has (or, without BTF to ask, "" on trust).
std::optional<std::string> find_event(AttachContext &c, const std::string &module, const std::string &event) {
  host::Host &h = c.host();
  const struct btf *kernel = h.kernel_btf();
  if (!kernel) return std::string();
  if (module.empty() || module == "vmlinux") {
    if (has_event(kernel, event)) return std::string();
    if (module == "vmlinux") return std::nullopt;
    std::set<std::string> modules;
    for (auto &f : h.traceable_functions())
      if (!f.module.empty()) modules.insert(f.module);
    for (auto &m : modules)
      if (has_event(h.module_btf(m), event)) return m;
    return std::nullopt;
  }
  if (has_event(h.module_btf(module), event)) return module;
  return std::nullopt;
}

}  // namespace

void resolve_raw_tracepoint(AttachContext &c, const std::vector<std::string> &parts) {
  const std::string event = parts.back();
  if (parts.size() < 2 || parts.size() > 3 || event.empty() || has_wildcard(event) ||
      (parts.size() == 3 && parts[1].empty())) {
    c.error("rawtracepoint probe must be of the form rawtracepoint:[module:]event");
    return;
  }
  const std::string module = parts.size() == 3 ? parts[1] : "";
  auto where = find_event(c, module, event);
  if (!where) {
    const struct btf *kernel = c.host().kernel_btf();
    std::string near = !module.empty() && has_event(kernel, event)
                           ? "did you mean rawtracepoint:vmlinux:" + event + "? "
                           : did_you_mean(event, btf_catalog::raw_tracepoints(kernel));
    c.no_matches("rawtracepoint " + (module.empty() ? "" : module + ":") + event,
                 near + "list the available ones with: bpfsh -l 'rawtracepoint:*'");
    return;
  }
  auto pi = c.base(ProbeType::RawTracepoint, "rawtracepoint:" + event);
  pi.target = event;
  c.info.probes.push_back(std::move(pi));
}

}  // namespace bpfsh::sema
