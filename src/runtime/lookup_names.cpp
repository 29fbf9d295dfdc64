#include <fcntl.h>
#include <fnmatch.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <vector>

#include "runtime/name_tables.h"

namespace bpfsh::runtime {

namespace {

std::string errno_text(int64_t v) {
  if (v < 0) v = -v;
  if (v == 0) return "Success";
  auto &t = errno_texts();
  auto it = t.find(v);
  return it == t.end() ? "Unknown error" : it->second;
}

// strsignal(3)'s texts, as upstream's table holds them; beyond SIGRTMAX "N/A".
std::string signal_text(int64_t v) {
  if (v < 0 || v > 64) return "N/A";
  return strsignal(static_cast<int>(v));
}

std::string syscall_text(int64_t v) {
  auto &t = syscall_names();
  auto it = t.find(v);
  return it == t.end() ? "unknown system call" : it->second;
}

// The id the kernel gives a cgroup directory: its file handle (as
// bpf_get_current_cgroup_id and cgroupid() see it); 0 when it has none.
uint64_t cgroup_id(const std::string &path) {
  alignas(8) unsigned char storage[sizeof(struct file_handle) + MAX_HANDLE_SZ];
  auto *fh = reinterpret_cast<struct file_handle *>(storage);
  fh->handle_bytes = MAX_HANDLE_SZ;
  int mount_id = 0;
  if (name_to_handle_at(AT_FDCWD, path.c_str(), fh, &mount_id, 0) != 0 || fh->handle_bytes < 8) return 0;
  uint64_t id = 0;
  std::memcpy(&id, fh->f_handle, sizeof id);
  return id;
}

struct Hierarchy {
  std::string name, mount;
};

// Mounted cgroup hierarchies under /sys/fs/cgroup: cgroup v2 is "unified"
// wherever it is mounted, a v1 hierarchy is named by its directory.
std::vector<Hierarchy> hierarchies() {
  std::vector<Hierarchy> out;
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string id, parent, dev, root, mount, word;
    f >> id >> parent >> dev >> root >> mount;
    while (f >> word && word != "-") {
    }
    std::string fstype;
    f >> fstype;
    if (mount.rfind("/sys/fs/cgroup", 0) != 0) continue;
    if (fstype == "cgroup2") out.push_back({"unified", mount});
    else if (fstype == "cgroup") out.push_back({std::filesystem::path(mount).filename(), mount});
  }
  return out;
}

std::string walk_cgroup_path(uint64_t id, const std::string &filter);

}  // namespace

// Each answer is kept: a printf of cgroup_path(cgroup) runs per event, and
// the walk reads the whole cgroup tree. Cgroup ids are never reused. Locked:
// --metrics decodes map keys on a thread of its own.
std::string cgroup_path_of(uint64_t id, const std::string &filter) {
  static std::map<std::pair<uint64_t, std::string>, std::string> known;
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  auto [it, fresh] = known.try_emplace({id, filter});
  if (fresh) it->second = walk_cgroup_path(id, filter);
  return it->second;
}

namespace {

std::string walk_cgroup_path(uint64_t id, const std::string &filter) {
  namespace fs = std::filesystem;
  std::string result;
  for (auto &h : hierarchies()) {
    if (!filter.empty() && fnmatch(filter.c_str(), h.name.c_str(), 0) != 0) continue;
    std::string found;
    if (cgroup_id(h.mount) == id) {
      found = "/";
    } else {
      std::error_code ec;
      for (fs::recursive_directory_iterator it(h.mount, fs::directory_options::skip_permission_denied, ec), end;
           !ec && it != end; it.increment(ec)) {
        if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
        if (cgroup_id(it->path()) == id) {
          found = "/" + fs::relative(it->path(), h.mount).string();
          break;
        }
      }
    }
    if (found.empty()) continue;
    if (!result.empty()) result += ",";
    result += h.name + ":" + found;
  }
  return result;
}

}  // namespace

std::string lookup_name(const std::string &table, int64_t v, const std::string &arg) {
  if (table == "strerror") return errno_text(v);
  if (table == "signal_name") return signal_text(v);
  if (table == "syscall_name") return syscall_text(v);
  if (table == "cgroup_path") return cgroup_path_of(static_cast<uint64_t>(v), arg);
  return std::to_string(v);
}

}  // namespace bpfsh::runtime
