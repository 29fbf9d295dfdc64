#pragma once
// What the "lookup" values print as (strerror(), signal_name(),
// syscall_name(), cgroup_path()): the number travels from the kernel, its
// name is found here when the value is printed.
#include <cstdint>
#include <map>
#include <string>

namespace bpfsh::runtime {

// Generated from the kernel's UAPI headers (cmake/name_tables.cmake).
const std::map<int64_t, const char *> &errno_texts();
const std::map<int64_t, const char *> &syscall_names();

// The text `table` gives `v`; `arg` is cgroup_path()'s hierarchy filter.
std::string lookup_name(const std::string &table, int64_t v, const std::string &arg);

// cgroup_path(): "HIERARCHY:/PATH" for every mounted cgroup hierarchy (cgroup
// v2's is "unified") whose name matches the glob `filter` (all when empty)
// and that holds a cgroup with this id, joined by ",".
std::string cgroup_path_of(uint64_t id, const std::string &filter);

}  // namespace bpfsh::runtime
