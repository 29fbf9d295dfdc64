#pragma once
// bpfsh -l: the probes a pattern names, one line each as bpftrace prints
// them ("tracepoint:sched:sched_switch"), with their arguments for -lv.
#include <cstdint>
#include <string>
#include <vector>

#include "host/host.h"

namespace bpfsh::sema {

struct ListedProbe {
  std::string name;
  std::vector<std::string> params;  // -lv: "char prev_comm[16]", "struct file * file"
};

// `pattern` is PROVIDER[:REST] with wildcards anywhere ("*:*" for every
// kernel probe); a pattern without ':' matches whole names; "struct NAME",
// "union NAME" or "enum NAME" lists kernel types instead (type_listing.h),
// each in `name`, a definition with -lv. Problems that
// do not stop the listing (an unreadable symbol list) go to `warnings`.
std::vector<ListedProbe> list_probes(host::Host &host, const std::string &pattern, int64_t pid, bool verbose,
                                     std::vector<std::string> &warnings);

// A tracepoint's own fields as its format file declares them, without the
// common_* header: "char prev_comm[16]", "pid_t prev_pid".
std::vector<std::string> tracepoint_field_decls(const std::string &format_text);

}  // namespace bpfsh::sema
