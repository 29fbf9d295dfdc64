#include "repl/system_sources.h"

#include <dirent.h>
#include <sys/stat.h>

namespace bpfsh::repl {

SystemSources::SystemSources(host::Host &host) : host_(host), kernel_(std::make_unique<sema::KernelTypes>(host)) {}

std::vector<std::string> SystemSources::tracepoints() const { return host_.tracepoints(); }

std::vector<std::string> SystemSources::tracepoint_fields(const std::string &category,
                                                       const std::string &event) const {
  std::vector<std::string> out;
  if (auto fields = host_.tracepoint_fields(category, event))
    for (const auto &f : *fields) out.push_back(f.name);
  return out;
}

// Kernel types only: the REPL's entries have no C definitions of their own.
std::vector<std::string> SystemSources::members(const std::string &root, const std::vector<std::string> &path) const {
  auto &kt = *kernel_;
  auto t = kt.parse(root);
  auto record = [](const ast::Type &x) -> const ast::Type * {
    if (x.is_record()) return &x;
    if (x.is_ptr() && !x.elems.empty() && x.elems[0].is_record()) return &x.elems[0];
    return nullptr;
  };
  for (const auto &name : path) {
    if (!t || !record(*t)) return {};
    auto m = kt.member(*record(*t), name);
    if (!m) return {};
    t = m->type;
  }
  std::vector<std::string> out;
  if (t && record(*t))
    for (auto &m : kt.all_members(*record(*t))) out.push_back(m.name);
  return out;
}

std::vector<std::string> SystemSources::functions(const std::string &binary) const {
  auto it = functions_.find(binary);
  if (it == functions_.end()) {
    std::vector<std::string> names;
    for (const auto &[name, at] : host_.function_symbols(binary)) names.push_back(name);
    it = functions_.emplace(binary, std::move(names)).first;
  }
  return it->second;
}

// prefix = dir "/" base: the entries of dir that start with base.
std::vector<std::string> SystemSources::paths(const std::string &prefix) const {
  std::vector<std::string> out;
  size_t slash = prefix.rfind('/');
  std::string dir = slash == std::string::npos ? "" : prefix.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? prefix : prefix.substr(slash + 1);
  DIR *d = opendir(dir.empty() ? "." : dir.c_str());
  if (!d) return out;
  while (dirent *e = readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == ".." || name.compare(0, base.size(), base) != 0) continue;
    if (name[0] == '.' && (base.empty() || base[0] != '.')) continue;
    struct stat st;
    bool is_dir = stat((dir + name).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    out.push_back(dir + name + (is_dir ? "/" : ""));
  }
  closedir(d);
  return out;
}

}  // namespace bpfsh::repl
