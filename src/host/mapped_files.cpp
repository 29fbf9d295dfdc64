// Which files processes map, for usdt:* attach points and listing.
#include "host/mapped_files.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include "common/proc_maps.h"

namespace bpfsh::host {
namespace {

struct FileMapping {
  std::string path;
  uint64_t inode = 0;
};

// Only file-backed mappings that still name the file they mapped.
std::vector<FileMapping> file_mappings(const std::string &proc, int64_t pid) {
  std::vector<FileMapping> out;
  auto text = read_maps_text(pid, proc);
  if (!text) return out;
  for (auto &l : parse_maps_lines(*text))
    if (!l.deleted && !l.mapping.path.empty() && l.mapping.path[0] == '/') out.push_back({l.mapping.path, l.inode});
  return out;
}

// Only regular files: reading a mapped device node to look for ELF notes
// could have side effects.
bool regular_file(const std::string &path, struct stat &st) {
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::vector<int64_t> pids(const std::string &proc) {
  std::vector<int64_t> out;
  DIR *d = opendir(proc.c_str());
  if (!d) return out;
  while (dirent *e = readdir(d)) {
    char *end = nullptr;
    long long pid = std::strtoll(e->d_name, &end, 10);
    if (end != e->d_name && *end == '\0' && pid > 0) out.push_back(pid);
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::vector<std::string> mapped_files(int64_t pid, const std::string &proc) {
  std::set<std::string> seen;
  std::vector<std::string> out;
  struct stat st;
  for (auto &m : file_mappings(proc, pid))
    if (seen.insert(m.path).second && regular_file(m.path, st)) out.push_back(m.path);
  return out;
}

std::vector<std::string> files_mapped_by_any_process(const std::string &proc) {
  // A path whose inode did not match may still match in the next process
  // (the first was in another mount namespace): each (path, inode) is looked
  // at once, each path taken once.
  std::set<std::pair<std::string, uint64_t>> looked;
  std::set<std::string> taken;
  std::vector<std::string> out;
  struct stat st;
  for (int64_t pid : pids(proc))
    for (auto &m : file_mappings(proc, pid)) {
      if (taken.count(m.path) || !looked.insert({m.path, m.inode}).second) continue;
      if (regular_file(m.path, st) && st.st_ino == m.inode) {
        taken.insert(m.path);
        out.push_back(m.path);
      }
    }
  return out;
}

}  // namespace bpfsh::host
