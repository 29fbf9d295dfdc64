#include "driver/imports.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "driver/file_trust.h"
#include "parser/driver.h"

namespace bpfsh::driver {
namespace fs = std::filesystem;

namespace {

// Upstream prints paths as std::filesystem streams them: quoted.
std::string quoted(const fs::path &p) {
  std::ostringstream out;
  out << p;
  return out.str();
}


class Importer {
 public:
  Importer(ast::Context &root, const std::vector<std::string> &dirs, Diagnostics &diags)
      : root_(root), diags_(diags) {
    // Beside the script first ("stdin" for -e: the current directory).
    dirs_.push_back(fs::path(root.source.name).parent_path());
    for (auto &d : dirs) dirs_.emplace_back(d);
  }

  // The program's imports, depth first: what a file imports joins the
  // script before that file does.
  void resolve(ast::Program &from) {
    for (auto &imp : from.imports) find(imp);
  }

  void merge_into(ast::Program &p) {
    auto front = [](auto &dst, const auto &src) { dst.insert(dst.begin(), src.begin(), src.end()); };
    front(p.c_defs, c_defs_);
    front(p.macros, macros_);
    front(p.map_decls, map_decls_);
    front(p.probes, probes_);
  }

 private:
  // import NAME: the first directory that has it.
  void find(const ast::Import &imp) {
    if (!names_.insert(imp.name).second) return;
    std::vector<std::string> checked;
    for (auto &dir : dirs_) {
      fs::path path = dir / imp.name;
      checked.push_back(path.string());
      std::error_code ec;
      if (!fs::exists(path, ec)) continue;
      if (others_may_write(path)) {
        diags_.warning(imp.range, skipped_as_untrusted(path));
        continue;
      }
      return import_path(imp, path, true);
    }
    auto &d = diags_.error(imp.range, "Unable to find suitable path for import");
    std::string list;
    for (auto &c : checked) list += (list.empty() ? "" : ",") + c;
    if (!list.empty()) d.hints.push_back("checked: " + list);
  }

  // A directory imports the .bt files in it (not those of its directories).
  void import_path(const ast::Import &imp, const fs::path &path, bool top) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      if (!top) return;
      std::vector<fs::path> entries;
      for (auto &e : fs::directory_iterator(path, ec)) entries.push_back(e.path());
      std::sort(entries.begin(), entries.end());
      for (auto &e : entries)
        if (e.extension() == ".bt") import_path(imp, e, false);
      return;
    }
    if (path.extension() != ".bt") {
      if (!top) return;
      bool c = path.extension() == ".h" || path.stem().extension() == ".bpf";
      diags_.error(imp.range, c ? "importing C sources, headers and BPF objects is not supported: " + quoted(path)
                                : "unknown import type: " + quoted(path.filename()));
      return;
    }
    if (!files_.insert(fs::weakly_canonical(path, ec).string()).second) return;
    import_script(imp, path);
  }

  void import_script(const ast::Import &imp, const fs::path &path) {
    std::ifstream in(path);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (!in || in.bad()) {
      diags_.error(imp.range, "error reading import '" + quoted(path) + "': " + std::strerror(errno));
      return;
    }
    auto ctx = std::make_unique<ast::Context>();
    ctx->source = {path.string(), text.str()};
    ctx->range_file = &ctx->source;
    ast::Context &c = *ctx;
    root_.imported.push_back(std::move(ctx));
    if (!parser::parse_program(c, diags_).ok || !c.program) return;
    for (auto *e : c.program->config) diags_.error(e->range, "invalid `config` within import");
    resolve(*c.program);
    auto &p = *c.program;
    c_defs_.insert(c_defs_.end(), p.c_defs.begin(), p.c_defs.end());
    macros_.insert(macros_.end(), p.macros.begin(), p.macros.end());
    map_decls_.insert(map_decls_.end(), p.map_decls.begin(), p.map_decls.end());
    probes_.insert(probes_.end(), p.probes.begin(), p.probes.end());
  }

  ast::Context &root_;
  Diagnostics &diags_;
  std::vector<fs::path> dirs_;
  std::set<std::string> names_, files_;
  std::vector<ast::CDefinition *> c_defs_;
  std::vector<ast::Macro *> macros_;
  std::vector<ast::MapDecl *> map_decls_;
  std::vector<ast::Probe *> probes_;
};

}  // namespace

bool resolve_imports(ast::Context &ctx, const std::vector<std::string> &import_dirs, Diagnostics &diags) {
  if (!ctx.program || ctx.program->imports.empty()) return true;
  Diagnostics local;
  Importer im(ctx, import_dirs, local);
  im.resolve(*ctx.program);
  im.merge_into(*ctx.program);
  diags.append(local);
  return !local.has_errors();
}

}  // namespace bpfsh::driver
