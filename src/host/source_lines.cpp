// Line-table lookups for source-line uprobes (source_lines.h), with LLVM's
// DWARF reader.
#include "host/source_lines.h"

#include <llvm/DebugInfo/DWARF/DWARFContext.h>
#include <llvm/Object/ObjectFile.h>

#include <set>

namespace bpfsh::host {

namespace {

using LineTable = llvm::DWARFDebugLine::LineTable;
using Kind = llvm::DILineInfoSpecifier::FileLineInfoKind;

// "dir/file.c" ends "/src/dir/file.c", not "/src/xdir/file.c".
bool path_ends_with(const std::string &path, const std::string &tail) {
  if (tail.size() > path.size() || path.compare(path.size() - tail.size(), tail.size(), tail) != 0) return false;
  return path.size() == tail.size() || tail[0] == '/' || path[path.size() - tail.size() - 1] == '/';
}

std::string file_name(const LineTable &t, uint64_t index, llvm::StringRef comp_dir) {
  std::string out;
  t.getFileNameByIndex(index, comp_dir, Kind::AbsoluteFilePath, out);
  return out;
}

struct Lookup {
  std::string file;
  uint64_t line, column;
  std::set<std::string> matched;  // source paths FILE names
  std::set<uint64_t> addresses;
};

// The rows of one unit's table that begin the line: a row of it whose
// predecessor in its sequence is of another line (or none).
void scan(Lookup &l, const LineTable &t, llvm::StringRef comp_dir) {
  std::vector<std::string> names(t.Prologue.FileNames.size() + 1);
  auto name = [&](uint64_t i) -> const std::string & {
    if (i < names.size() && names[i].empty()) names[i] = file_name(t, i, comp_dir);
    static const std::string none;
    return i < names.size() ? names[i] : none;
  };
  for (uint64_t i = 0; i < names.size(); i++)
    if (path_ends_with(name(i), l.file)) l.matched.insert(name(i));
  const llvm::DWARFDebugLine::Row *prev = nullptr;
  for (const auto &row : t.Rows) {
    bool here = row.Line == l.line && (!l.column || row.Column == l.column) && row.IsStmt && !row.EndSequence &&
                path_ends_with(name(row.File), l.file);
    bool entered = !prev || prev->EndSequence || prev->Line != row.Line || prev->File != row.File;
    if (here && entered) l.addresses.insert(row.Address.Address);
    prev = &row;
  }
}

}  // namespace

std::optional<std::vector<uint64_t>> source_line_addresses(const std::string &debug_file, const std::string &file,
                                                           uint64_t line, uint64_t column, std::string &why) {
  auto obj = llvm::object::ObjectFile::createObjectFile(debug_file);
  if (!obj) {
    why = debug_file + ": " + llvm::toString(obj.takeError());
    return std::nullopt;
  }
  auto ctx = llvm::DWARFContext::create(*obj->getBinary());
  Lookup l{file, line, column, {}, {}};
  for (auto &unit : ctx->compile_units()) {
    const LineTable *t = ctx->getLineTableForUnit(unit.get());
    if (t) scan(l, *t, unit->getCompilationDir() ? unit->getCompilationDir() : "");
  }
  if (l.matched.empty()) {
    why = "No compilation unit matches " + file;
    return std::nullopt;
  }
  if (l.matched.size() > 1) {
    why = "Ambiguous source path, matches multiple files: " + *l.matched.begin() + ", " + *std::next(l.matched.begin());
    return std::nullopt;
  }
  if (l.addresses.empty()) {
    why = "Unable to map '" + file + ":" + std::to_string(line) + (column ? ":" + std::to_string(column) : "") +
          "' to address";
    return std::nullopt;
  }
  return std::vector<uint64_t>(l.addresses.begin(), l.addresses.end());
}

}  // namespace bpfsh::host
