// cgroup_skb, cgroup_sock_addr, cgroup_sock and sockops: a link to the
// cgroup (the attach type is the program's, from its section name), which
// goes with bpfsh however it ends. The cgroup's directory is only needed
// while attaching: the link holds the cgroup. A relative path is below the
// cgroup2 file system's mount: /sys/fs/cgroup, or /sys/fs/cgroup/unified
// where the v1 hierarchies hold /sys/fs/cgroup.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include "runtime/attach/attach.h"
#include "runtime/kernel_calls.h"

namespace bpfsh::runtime {

namespace {

// The mount point of the first cgroup2 file system in /proc/self/mountinfo
// (field 5 is the mount point; the type follows the " - " separator).
std::string cgroup2_root() {
  std::ifstream in("/proc/self/mountinfo");
  for (std::string line; std::getline(in, line);) {
    size_t sep = line.find(" - ");
    if (sep == std::string::npos || line.compare(sep + 3, 8, "cgroup2 ") != 0) continue;
    std::istringstream fields(line.substr(0, sep));
    std::string f, mount;
    for (int i = 0; i < 5 && fields >> f; i++) mount = f;
    return mount;
  }
  return "/sys/fs/cgroup";
}

}  // namespace

Result<Links> attach_cgroup(const artifact::ProbeSpec &spec, bpf_program *prog) {
  std::string path = !spec.target.empty() && spec.target[0] == '/' ? spec.target : cgroup2_root() + "/" + spec.target;
  int cg = open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (cg < 0) return fail(errno_message(probe_subject(spec), "failed to open the cgroup " + path, errno));
  bpf_link *l = kcall::attach_cgroup(prog, cg, probe_subject(spec));
  int err = errno;
  close(cg);
  // The kernel's word for a directory of another file system.
  if (!l && err == EBADF)
    return fail(probe_subject(spec) + ": failed to attach: " + path + " is no cgroup of the cgroup2 file system");
  if (!l) return fail(attach_error(spec, err));
  Links links;
  links.emplace_back(l);
  return links;
}

}  // namespace bpfsh::runtime
