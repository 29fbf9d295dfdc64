#pragma once
// bpfsh's pid namespace, for a program's pid and tid (artifact/
// pid_namespace.h): the loader names it in the object before load.
#include <cstdint>
#include <optional>

#include "runtime/result.h"

struct bpf_object;

namespace bpfsh::runtime {

struct PidNamespace {
  uint64_t dev = 0, ino = 0;
};

// /proc/self/ns/pid's device and inode; nullopt in the initial namespace
// (or where it can not be told), whose ids are the plain ones.
std::optional<PidNamespace> own_pid_namespace();

// Before bpf_object__load: an object that reads ids gets `ns` (or zeros).
Result<void> set_pid_namespace(bpf_object *obj, const std::optional<PidNamespace> &ns);

}  // namespace bpfsh::runtime
