#pragma once
// The files processes map, from /proc/PID/maps: where usdt:*:... looks for
// probes (one process with -p, every running process without).
#include <cstdint>
#include <string>
#include <vector>

namespace bpfsh::host {

// The regular files process `pid` maps, each once, in address order.
std::vector<std::string> mapped_files(int64_t pid, const std::string &proc = "/proc");

// The regular files any running process maps, each once, in pid order. A
// mapping whose path names a different file here (another mount namespace,
// or replaced since) is left out: its probes could not be attached by path.
std::vector<std::string> files_mapped_by_any_process(const std::string &proc = "/proc");

}  // namespace bpfsh::host
