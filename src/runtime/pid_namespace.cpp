#include "runtime/pid_namespace.h"

#include <bpf/libbpf.h>
#include <sys/stat.h>

#include <cstring>

#include "artifact/pid_namespace.h"

namespace bpfsh::runtime {

// The initial pid namespace's inode (PROC_PID_INIT_INO in the kernel).
constexpr uint64_t kInitPidNsIno = 0xEFFFFFFCu;

std::optional<PidNamespace> own_pid_namespace() {
  struct stat st {};
  if (stat("/proc/self/ns/pid", &st) != 0 || st.st_ino == kInitPidNsIno) return std::nullopt;
  return PidNamespace{uint64_t(st.st_dev), uint64_t(st.st_ino)};
}

Result<void> set_pid_namespace(bpf_object *obj, const std::optional<PidNamespace> &ns) {
  bpf_map *m = bpf_object__find_map_by_name(obj, artifact::kPidNsSection);
  if (!m || !ns) return {};
  size_t size = 0;
  if (!bpf_map__initial_value(m, &size) || size != 2 * sizeof(uint64_t))
    return fail("BPF object: its pid namespace globals are not as bpfsh writes them");
  uint64_t values[2] = {ns->dev, ns->ino};
  if (int rc = bpf_map__set_initial_value(m, values, sizeof values); rc != 0)
    return fail(errno_message("BPF object", "failed to name the pid namespace", -rc));
  return {};
}

}  // namespace bpfsh::runtime
