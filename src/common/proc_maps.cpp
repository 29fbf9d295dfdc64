// Parses /proc/PID/maps.
#include "common/proc_maps.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace bpfsh {

namespace {

std::string_view next_field(std::string_view &line) {
  size_t b = line.find_first_not_of(' ');
  if (b == std::string_view::npos) {
    line = {};
    return {};
  }
  line.remove_prefix(b);
  size_t e = line.find(' ');
  std::string_view f = line.substr(0, e);
  line.remove_prefix(e == std::string_view::npos ? line.size() : e);
  return f;
}

bool hex(std::string_view s, uint64_t &out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out, 16);
  return ec == std::errc() && p == s.data() + s.size();
}

std::optional<MapsLine> parse_line(std::string_view line) {
  std::string_view range = next_field(line), perms = next_field(line), offset = next_field(line);
  next_field(line);  // device
  std::string_view inode = next_field(line);
  size_t b = line.find_first_not_of(' ');
  std::string_view path = b == std::string_view::npos ? std::string_view{} : line.substr(b);
  MapsLine out;
  constexpr std::string_view deleted = " (deleted)";
  if (path.ends_with(deleted)) {
    path.remove_suffix(deleted.size());
    out.deleted = true;
  }
  Mapping &m = out.mapping;
  size_t dash = range.find('-');
  if (dash == std::string_view::npos || !hex(range.substr(0, dash), m.start) ||
      !hex(range.substr(dash + 1), m.end) || !hex(offset, m.file_offset))
    return std::nullopt;
  auto [p, ec] = std::from_chars(inode.data(), inode.data() + inode.size(), out.inode);
  if (ec != std::errc()) return std::nullopt;
  m.path = std::string(path);
  out.perms = std::string(perms);
  return out;
}

}  // namespace

std::vector<MapsLine> parse_maps_lines(std::string_view text) {
  std::vector<MapsLine> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    if (auto m = parse_line(text.substr(pos, eol - pos))) lines.push_back(std::move(*m));
    pos = eol + 1;
  }
  return lines;
}

std::vector<Mapping> parse_maps(std::string_view text) {
  std::vector<Mapping> maps;
  for (auto &l : parse_maps_lines(text)) {
    bool exec = l.perms.size() >= 3 && l.perms[2] == 'x';
    if (exec && !l.mapping.path.empty() && l.mapping.path[0] == '/') maps.push_back(std::move(l.mapping));
  }
  return maps;
}

std::optional<std::string> read_maps_text(int64_t pid, const std::string &proc) {
  std::ifstream in(proc + "/" + std::to_string(pid) + "/maps");
  if (!in) return std::nullopt;
  std::stringstream all;
  all << in.rdbuf();
  return all.str();
}

std::optional<std::vector<Mapping>> read_maps(int pid) {
  auto text = read_maps_text(pid);
  // An exited process still listed (a zombie) has no memory left to describe.
  if (!text || text->empty()) return std::nullopt;
  return parse_maps(*text);
}

const Mapping *find_mapping(const std::vector<Mapping> &maps, uint64_t addr) {
  auto it = std::upper_bound(maps.begin(), maps.end(), addr,
                             [](uint64_t a, const Mapping &m) { return a < m.start; });
  if (it == maps.begin()) return nullptr;
  --it;
  return addr < it->end ? &*it : nullptr;
}

}  // namespace bpfsh
