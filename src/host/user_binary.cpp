// Finds the binary a uprobe or usdt attach point names.
#include "host/user_binary.h"

#include <fnmatch.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "host/mapped_files.h"
#include "common/proc_maps.h"

namespace bpfsh::host {
namespace {

bool readable_file(const std::string &p) { return access(p.c_str(), R_OK) == 0; }

// "libc" and "c" both mean a file whose soname starts "libc.so".
bool names_library(const std::string &want, const std::string &soname) {
  if (soname == want) return true;
  std::string stem = want.rfind("lib", 0) == 0 ? want : "lib" + want;
  return soname.rfind(stem + ".so", 0) == 0;
}

// A process in another mount namespace (a container) names files of its
// own: bpfsh reaches them through /proc/PID/root, which the kernel resolves
// in the process's root. "" when the process shares bpfsh's namespace.
std::string foreign_root(int64_t pid) {
  if (pid <= 0) return "";
  std::string proc = "/proc/" + std::to_string(pid);
  struct stat ours{}, theirs{};
  if (stat("/proc/self/ns/mnt", &ours) != 0 || stat((proc + "/ns/mnt").c_str(), &theirs) != 0) return "";
  return ours.st_ino == theirs.st_ino && ours.st_dev == theirs.st_dev ? "" : proc + "/root";
}

std::optional<std::string> from_process_maps(const std::string &name, int64_t pid) {
  auto text = read_maps_text(pid);
  if (!text) return std::nullopt;
  for (const auto &l : parse_maps_lines(*text)) {
    const std::string &path = l.mapping.path;
    if (path.empty() || path[0] != '/') continue;
    if (names_library(name, path.substr(path.rfind('/') + 1))) return foreign_root(pid) + path;
  }
  return std::nullopt;
}

std::optional<std::string> on_path(const std::string &name) {
  const char *env = std::getenv("PATH");
  std::stringstream dirs(env ? env : "/usr/local/bin:/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    std::string p = dir + "/" + name;
    if (access(p.c_str(), X_OK) == 0) return p;
  }
  return std::nullopt;
}

}  // namespace

// glibc's "new format" cache: a header, then nlibs entries of {i32 flags,
// u32 key, u32 value, u32 osversion, u64 hwcap}; key and value are string
// offsets from the start of the file.
std::vector<std::pair<std::string, std::string>> ld_cache_entries(const std::string &cache) {
  std::vector<std::pair<std::string, std::string>> out;
  std::ifstream in(cache, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  static const char magic[] = "glibc-ld.so.cache1.1";
  const size_t header = 48, entry = 24;
  if (data.size() < header || data.compare(0, sizeof magic - 1, magic) != 0) return out;
  uint32_t nlibs;
  std::memcpy(&nlibs, data.data() + 20, 4);
  auto str_at = [&](uint32_t off) -> std::string {
    if (off >= data.size()) return "";
    return std::string(data.c_str() + off);
  };
  for (uint32_t i = 0; i < nlibs && header + (i + 1) * entry <= data.size(); i++) {
    const char *e = data.data() + header + i * entry;
    int32_t flags;
    uint32_t key, value;
    std::memcpy(&flags, e, 4);
    std::memcpy(&key, e + 4, 4);
    std::memcpy(&value, e + 8, 4);
    const int32_t kX8664Libc6 = 0x0303;  // FLAG_ELF_LIBC6 | FLAG_X8664_LIB64
    if ((flags & 0xffff) != kX8664Libc6) continue;
    out.emplace_back(str_at(key), str_at(value));
  }
  return out;
}

std::optional<std::string> resolve_user_binary(const std::string &name, int64_t pid) {
  if (name.find('/') != std::string::npos) {
    std::string root = name[0] == '/' ? foreign_root(pid) : "";
    if (!root.empty() && readable_file(root + name)) return root + name;
    if (readable_file(name)) return name;
    return std::nullopt;
  }
  if (pid > 0)
    if (auto p = from_process_maps(name, pid)) return p;
  for (const auto &[soname, path] : ld_cache_entries())
    if (names_library(name, soname) && readable_file(path)) return path;
  for (const char *dir : {"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64",
                          "/lib", "/usr/lib"}) {
    std::string stem = name.rfind("lib", 0) == 0 ? name : "lib" + name;
    for (const std::string &cand : {std::string(dir) + "/" + name, std::string(dir) + "/" + stem + ".so"})
      if (readable_file(cand)) return cand;
  }
  return on_path(name);
}

std::vector<std::string> matching_user_binaries(const std::string &pattern, int64_t pid) {
  std::vector<std::string> out;
  // A relative pattern is matched from here, as a relative path would be.
  std::string full = pattern;
  if (pattern != "*" && pattern[0] != '/') {
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd)) full = std::string(cwd) + "/" + (pattern.rfind("./", 0) == 0 ? pattern.substr(2) : pattern);
  }
  if (pid > 0) {
    std::string root = foreign_root(pid);
    for (const auto &path : mapped_files(pid))
      if (pattern == "*" || fnmatch(full.c_str(), path.c_str(), FNM_PATHNAME) == 0) out.push_back(root + path);
    return out;
  }
  glob_t g{};
  if (glob(full.c_str(), 0, nullptr, &g) == 0) {
    for (size_t i = 0; i < g.gl_pathc; i++) {
      struct stat st{};
      if (stat(g.gl_pathv[i], &st) == 0 && S_ISREG(st.st_mode) && readable_file(g.gl_pathv[i]))
        out.push_back(g.gl_pathv[i]);
    }
  }
  globfree(&g);
  return out;
}

}  // namespace bpfsh::host
