// Source-line uprobes, as upstream writes them:
//   uprobe:BINARY@FILE:LINE[:COL]
// FILE:LINE is mapped through the binary's DWARF line table (the host's
// source_line_addresses) to every address its code starts at, and each is
// one instance of the attach point, attached together. Errors are worded as
// bpftrace's.
#include <algorithm>
#include <cstdlib>

#include "sema/attach_context.h"

namespace bpfsh::sema {

namespace {

constexpr const char *kFormat = "Invalid uprobe arguments, expected format: uprobe:TARGET@FILE:LINE[:COL]";

std::optional<uint64_t> number(const std::string &s) {
  if (s.empty() || !std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    return std::nullopt;
  return std::strtoull(s.c_str(), nullptr, 10);
}

std::string unquoted(std::string s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}

// The function whose extent holds `addr`, for func and usym.
std::string function_at(const std::vector<host::FunctionSpan> &spans, uint64_t addr) {
  for (const auto &f : spans)
    if (addr >= f.address && addr < f.address + std::max<uint64_t>(f.size, 1)) return f.name;
  return "";
}

}  // namespace

void resolve_source_line(AttachContext &c, bool ret, const std::vector<std::string> &parts) {
  if (ret) return c.error("Statement to address mapping not allowed");
  auto at = parts[1].find('@');
  std::string bin = parts[1].substr(0, at), file = unquoted(parts[1].substr(at + 1));
  if ((parts.size() != 3 && parts.size() != 4) || bin.empty() || file.empty() || parts[2].empty())
    return c.error(kFormat);
  if (has_wildcard(bin)) return c.error("Cannot use wildcards with statement mapped attach points");
  auto line = number(unquoted(parts[2]));
  if (!line) return c.error("Invalid line number: " + parts[2]);
  std::optional<uint64_t> col = 0;
  if (parts.size() == 4 && !(col = number(unquoted(parts[3])))) return c.error("Invalid column number: " + parts[3]);
  auto path = c.host().resolve_binary(bin, c.info.pid);
  if (!path) return c.missing("uprobe target file '" + bin + "' does not exist or is not readable");
  auto layout = c.host().elf_layout(*path);
  if (!layout) return c.error("uprobe target '" + *path + "' is not a 64-bit ELF executable or library");
  std::string why;
  auto addresses = c.host().source_line_addresses(*path, file, *line, *col, why);
  if (!addresses) return c.error(why);
  if (!c.room_for(addresses->size())) return;
  std::string shown = "uprobe:" + *path + "@" + file + ":" + std::to_string(*line) +
                      (*col ? ":" + std::to_string(*col) : "");
  auto spans = c.host().function_spans(*path);
  for (uint64_t a : *addresses) {
    auto off = layout->file_offset_of(a);
    if (!off) return c.error("line " + std::to_string(*line) + " of " + file + " is not in a loadable segment");
    auto pi = c.base(ProbeType::Uprobe, shown);
    pi.target = *path;
    pi.func = function_at(spans, a);
    pi.offset = *off;
    pi.linked_address = a;
    c.info.probes.push_back(std::move(pi));
  }
}

}  // namespace bpfsh::sema
