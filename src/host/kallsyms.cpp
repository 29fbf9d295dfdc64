// /proc/kallsyms parsed into a table sorted by address.
#include "host/kallsyms.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace bpfsh::host {

namespace {

// Absolute symbols (per-CPU offsets and the like) are not code addresses.
bool locates_code_or_data(char type) { return type != 'a' && type != 'A'; }

}  // namespace

Kallsyms Kallsyms::parse(std::string_view text) {
  Kallsyms k;
  k.names_.reserve(text.size() / 2);
  k.entries_.reserve(text.size() / 32);  // lines run ~40 bytes
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    uint64_t addr = 0;
    auto [p, ec] = std::from_chars(line.data(), line.data() + line.size(), addr, 16);
    size_t at = size_t(p - line.data());
    if (ec != std::errc() || at + 3 > line.size() || line[at] != ' ' || line[at + 2] != ' ') continue;
    char type = line[at + 1];
    std::string_view name = line.substr(at + 3);
    name = name.substr(0, name.find_first_of("\t "));
    if (addr == 0 || name.empty() || !locates_code_or_data(type)) continue;
    k.entries_.push_back(Entry{addr, uint32_t(k.names_.size()), uint32_t(name.size())});
    k.names_.append(name);
  }
  // Stable: of several names at one address, lookup() answers with the first listed.
  auto by_addr = [](const Entry &a, const Entry &b) { return a.addr < b.addr; };
  if (!std::is_sorted(k.entries_.begin(), k.entries_.end(), by_addr))
    std::stable_sort(k.entries_.begin(), k.entries_.end(), by_addr);
  return k;
}

Kallsyms Kallsyms::read(const std::string &path) {
  std::string text;
  if (std::FILE *f = std::fopen(path.c_str(), "r")) {
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    std::fclose(f);
  }
  return parse(text);
}

std::optional<KernelSymbol> Kallsyms::lookup(uint64_t addr) const {
  auto it = std::upper_bound(entries_.begin(), entries_.end(), addr,
                             [](uint64_t a, const Entry &e) { return a < e.addr; });
  if (it == entries_.begin()) return std::nullopt;
  --it;
  while (it != entries_.begin() && std::prev(it)->addr == it->addr) --it;
  return KernelSymbol{std::string(name(*it)), addr - it->addr};
}

std::optional<uint64_t> Kallsyms::address_of(std::string_view wanted) const {
  // Only kaddr() asks, once per call site at compile time: a scan is enough.
  for (const Entry &e : entries_)
    if (name(e) == wanted) return e.addr;
  return std::nullopt;
}

}  // namespace bpfsh::host
