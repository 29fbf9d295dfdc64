// Definitions come from btf_dump, which writes a type after every type it
// embeds; those are written once per dumper, so the dumper's whole output is
// cut into definitions and the ones asked for are kept. Only the types that
// match are dumped: their closure, not the kernel's ~100k types.
#include "sema/type_listing.h"

#include <bpf/btf.h>
#include <linux/btf.h>

#include <cstdarg>
#include <map>
#include <set>
#include <sstream>

#include "sema/attach_context.h"

namespace bpfsh::sema {
namespace {

// "struct", "union", "enum", or "" for a kind that is no listed type.
std::string kind_word(const btf_type *t) {
  switch (btf_kind(t)) {
    case BTF_KIND_STRUCT: return "struct";
    case BTF_KIND_UNION: return "union";
    case BTF_KIND_ENUM:
    case BTF_KIND_ENUM64: return "enum";
    default: return "";
  }
}

void append_printf(void *ctx, const char *fmt, va_list args) {
  va_list copy;
  va_copy(copy, args);
  int n = vsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  if (n <= 0) return;
  auto &out = *static_cast<std::string *>(ctx);
  size_t at = out.size();
  out.resize(at + n + 1);
  vsnprintf(out.data() + at, n + 1, fmt, args);
  out.resize(at + n);
}

// The dumper's text cut into top-level definitions, by their header
// ("struct x" of "struct x {"): each starts with a line ending in '{' and
// ends with the next line that starts with '}'.
std::map<std::string, std::string> definitions(const std::string &text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line, header, def;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside && line.size() > 2 && line.compare(line.size() - 2, 2, " {") == 0 && !isspace(line[0])) {
      header = line.substr(0, line.size() - 2);
      def = line;
      inside = true;
    } else if (inside) {
      def += "\n" + line;
      if (!line.empty() && line[0] == '}') {
        out.emplace(header, def);
        inside = false;
      }
    }
  }
  return out;
}

}  // namespace

bool is_type_pattern(const std::string &pattern) {
  return pattern.rfind("struct ", 0) == 0 || pattern.rfind("union ", 0) == 0 || pattern.rfind("enum ", 0) == 0;
}

std::vector<std::string> list_types(const struct btf *b, const std::string &pattern, bool verbose) {
  if (!b) return {};
  std::set<std::string> names;
  std::vector<uint32_t> ids;
  for (uint32_t id = 1; id < btf__type_cnt(b); id++) {
    const btf_type *t = btf__type_by_id(b, id);
    std::string word = kind_word(t), name = btf__name_by_offset(b, t->name_off);
    if (word.empty() || name.empty() || !wildcard_match(pattern, word + " " + name)) continue;
    names.insert(word + " " + name);
    ids.push_back(id);
  }
  if (!verbose) return {names.begin(), names.end()};
  std::string text;
  struct btf_dump *d = btf_dump__new(b, append_printf, &text, nullptr);
  if (!d) return {};
  for (uint32_t id : ids) btf_dump__dump_type(d, id);
  btf_dump__free(d);
  std::vector<std::string> out;
  for (auto &[header, def] : definitions(text))
    if (names.count(header)) out.push_back(def + "\n");  // a blank line after each, as bpftrace prints them
  return out;
}

}  // namespace bpfsh::sema
