#include "symbols/proc_maps.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace bpfsh::symbols {

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

std::optional<Mapping> parse_line(std::string_view line) {
  std::string_view range = next_field(line), perms = next_field(line), offset = next_field(line);
  next_field(line);  // device
  next_field(line);  // inode
  size_t b = line.find_first_not_of(' ');
  std::string_view path = b == std::string_view::npos ? std::string_view{} : line.substr(b);
  if (perms.size() < 3 || perms[2] != 'x' || path.empty() || path[0] != '/') return std::nullopt;
  constexpr std::string_view deleted = " (deleted)";
  if (path.ends_with(deleted)) path.remove_suffix(deleted.size());
  Mapping m;
  size_t dash = range.find('-');
  if (dash == std::string_view::npos || !hex(range.substr(0, dash), m.start) ||
      !hex(range.substr(dash + 1), m.end) || !hex(offset, m.file_offset))
    return std::nullopt;
  m.path = std::string(path);
  return m;
}

}  // namespace

std::vector<Mapping> parse_maps(std::string_view text) {
  std::vector<Mapping> maps;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    if (auto m = parse_line(text.substr(pos, eol - pos))) maps.push_back(std::move(*m));
    pos = eol + 1;
  }
  return maps;
}

std::optional<std::vector<Mapping>> read_maps(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/maps");
  if (!in) return std::nullopt;
  std::stringstream all;
  all << in.rdbuf();
  std::string text = all.str();
  // An exited process still listed (a zombie) has no memory left to describe.
  if (text.empty()) return std::nullopt;
  return parse_maps(text);
}

const Mapping *find_mapping(const std::vector<Mapping> &maps, uint64_t addr) {
  auto it = std::upper_bound(maps.begin(), maps.end(), addr,
                             [](uint64_t a, const Mapping &m) { return a < m.start; });
  if (it == maps.begin()) return nullptr;
  --it;
  return addr < it->end ? &*it : nullptr;
}

}  // namespace bpfsh::symbols
