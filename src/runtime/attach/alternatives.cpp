#include "runtime/attach/alternatives.h"

#include <sys/stat.h>

#include <fstream>
#include <map>

namespace bpfsh::runtime {

namespace {

// Kernel functions that several system calls share, or whose name is not
// the system call's.
const std::map<std::string, std::vector<std::string>> &shared_syscalls() {
  static const std::map<std::string, std::vector<std::string>> m = {
      {"do_sys_openat2", {"openat", "openat2", "open"}},
      {"do_sys_open", {"openat", "open"}},
      {"do_filp_open", {"openat", "openat2", "open"}},
      {"vfs_open", {"openat", "openat2", "open"}},
      {"vfs_read", {"read", "pread64"}},
      {"vfs_write", {"write", "pwrite64"}},
      {"vfs_readv", {"readv", "preadv"}},
      {"vfs_writev", {"writev", "pwritev"}},
      {"vfs_fsync", {"fsync", "fdatasync"}},
      {"vfs_fsync_range", {"fsync", "fdatasync"}},
      {"do_execveat_common", {"execve", "execveat"}},
      {"kernel_clone", {"clone", "clone3", "fork", "vfork"}},
      {"do_unlinkat", {"unlinkat", "unlink"}},
      {"do_mkdirat", {"mkdirat", "mkdir"}},
      {"do_renameat2", {"renameat2", "renameat", "rename"}},
      {"__close_fd", {"close"}},
      {"close_fd", {"close"}},
  };
  return m;
}

// The system calls a function implements, by its name's prefix
// (__x64_sys_read, ksys_read, do_sys_read -> read).
std::vector<std::string> syscalls_of(const std::string &func) {
  if (auto it = shared_syscalls().find(func); it != shared_syscalls().end()) return it->second;
  for (const char *prefix : {"__x64_sys_", "__ia32_sys_", "__se_sys_", "__do_sys_", "__sys_", "ksys_", "do_sys_", "sys_"}) {
    std::string p = prefix;
    if (func.size() > p.size() && func.compare(0, p.size(), p) == 0) return {func.substr(p.size())};
  }
  return {};
}

bool is_dir(const std::string &p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string tracefs_root() {
  for (const char *r : {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"})
    if (is_dir(std::string(r) + "/events")) return r;
  return "/sys/kernel/tracing";
}

}  // namespace

std::vector<std::string> alternatives(const std::string &func, bool at_return,
                                      const std::function<bool(const std::string &, const std::string &)> &exists,
                                      const std::vector<std::string> &events) {
  std::vector<std::string> out;
  for (const auto &sc : syscalls_of(func)) {
    std::string ev = (at_return ? "sys_exit_" : "sys_enter_") + sc;
    if (exists("syscalls", ev)) out.push_back("tracepoint:syscalls:" + ev);
  }
  // A tracepoint named after the function fires where it does; its raw
  // tracepoint (with BTF-typed args) too.
  for (const auto &e : events) {
    auto colon = e.find(':');
    if (colon == std::string::npos || e.compare(colon + 1, std::string::npos, func) != 0) continue;
    std::string cat = e.substr(0, colon);
    out.push_back("tracepoint:" + cat + ":" + func);
    if (cat != "syscalls") out.push_back("rawtracepoint:" + func);
  }
  return out;
}

std::vector<std::string> kernel_alternatives(const std::string &func, bool at_return) {
  std::string root = tracefs_root();
  std::vector<std::string> events;
  std::ifstream in(root + "/available_events");
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) events.push_back(line);
  auto exists = [&](const std::string &cat, const std::string &ev) { return is_dir(root + "/events/" + cat + "/" + ev); };
  return alternatives(func, at_return, exists, events);
}

std::string alternatives_hint(const std::string &func, bool at_return) {
  auto alts = kernel_alternatives(func, at_return);
  if (alts.empty()) return "";
  std::string list;
  for (size_t i = 0; i < alts.size(); i++)
    list += (i == 0 ? "" : i + 1 == alts.size() ? " or " : ", ") + alts[i];
  return "\nHINT: trace the same event with " + list;
}

}  // namespace bpfsh::runtime
