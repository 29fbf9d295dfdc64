#pragma once
// Internal to sema: resolution of kernel-function attach points, called from
// the dispatch in attach_points.cpp.
#include <functional>
#include <string>
#include <vector>

#include "common/diag.h"
#include "sema/program_info.h"

namespace bpfsh::sema {

// kprobe/kretprobe ("kprobe" or "kretprobe" in parts[0]):
//   kprobe:FUNC[+OFFSET], kprobe:MODULE:FUNC; FUNC and MODULE may be wildcards.
// fentry/fexit ("fentry" or "fexit"):
//   fentry:FUNC, fentry:MODULE:FUNC (vmlinux for built-in functions).
// `tmpl` carries the probe and attach point; one instance per function is
// appended to `out`. A function that is not there goes to `missing` (message,
// hint), which follows the missing_probes config. `room` says whether N
// more instances fit under the program limit (reporting it when not); the
// matches are counted by it before any is made.
using MissingProbe = std::function<void(const std::string &msg, const std::string &hint)>;
using RoomFor = std::function<bool(size_t)>;
class KernelTypes;
void resolve_kernel_func(KernelTypes &kt, const std::string &provider, const std::vector<std::string> &parts,
                         const ProbeInstance &tmpl, std::vector<ProbeInstance> &out, Diagnostics &diags,
                         const MissingProbe &missing, const RoomFor &room);

}  // namespace bpfsh::sema
