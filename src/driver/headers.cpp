#include "driver/headers.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "driver/file_trust.h"

namespace bpfsh::driver {
namespace fs = std::filesystem;

HeaderFiles::HeaderFiles(ast::Context &root, const std::vector<std::string> &include_dirs,
                         std::vector<std::string> forced)
    : root_(root), dirs_(include_dirs), forced_(std::move(forced)) {
  const std::string &script = root.source.name;
  // "": the current directory, and names stay as written.
  script_dir_ = script == "stdin" ? "" : fs::path(script).parent_path().string();
}

const SourceFile *HeaderFiles::find(const std::string &name, bool quoted, std::vector<std::string> &refused) {
  std::vector<fs::path> candidates;
  if (fs::path(name).is_absolute()) {
    candidates.emplace_back(name);
  } else {
    if (quoted) candidates.push_back(fs::path(script_dir_) / name);
    for (const auto &d : dirs_) candidates.push_back(fs::path(d) / name);
  }
  for (const auto &path : candidates) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) continue;
    if (others_may_write(path)) {
      refused.push_back(skipped_as_untrusted(path));
      continue;
    }
    std::string canonical = fs::weakly_canonical(path, ec).string();
    if (auto it = read_.find(canonical); it != read_.end()) return it->second;
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) continue;
    auto c = std::make_unique<ast::Context>();
    c->source = SourceFile{path.string(), text.str()};
    root_.imported.push_back(std::move(c));
    return read_[canonical] = &root_.imported.back()->source;
  }
  return nullptr;
}

}  // namespace bpfsh::driver
