#include "repl/completion.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "repl/command.h"
#include "sema/builtins.h"

namespace bpfsh::repl {

namespace {

// Where the cursor stands in the entry, found by a scan that skips strings
// and comments the way the lexer does.
struct Scan {
  int depth = 0;              // open braces
  bool in_predicate = false;  // between a probe's "/" and its "{"
  bool quoted = false;        // inside a string or a comment: nothing to offer
  std::string header;         // the attach points (and predicate) of the open block
};

// A predicate's "/" stands apart from the attach point before it (the lexer
// takes "a:b/c" as one attach point).
Scan scan(const std::string &text) {
  Scan s;
  bool line_comment = false, block_comment = false, in_string = false;
  size_t item_start = 0;
  for (size_t i = 0; i < text.size(); i++) {
    char c = text[i], next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (in_string) {
      if (c == '\\') i++;
      else if (c == '"') in_string = false;
    } else if (line_comment) {
      line_comment = c != '\n';
    } else if (block_comment) {
      if (c == '*' && next == '/') block_comment = false, i++;
    } else if (c == '/' && (next == '/' || next == '*')) {
      (next == '/' ? line_comment : block_comment) = true;
      i++;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{') {
      if (s.depth++ == 0) {
        s.header = text.substr(item_start, i - item_start);
        s.in_predicate = false;
      }
    } else if (c == '}') {
      if (s.depth > 0 && --s.depth == 0) item_start = i + 1;
    } else if (c == '/' && s.depth == 0 && !s.in_predicate &&
               (i == 0 || std::isspace(static_cast<unsigned char>(text[i - 1])))) {
      s.in_predicate = true;
    }
  }
  s.quoted = in_string || line_comment || block_comment;
  return s;
}

std::vector<std::string> split(const std::string &s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); i++)
    if (i == s.size() || s[i] == sep) parts.push_back(s.substr(start, i - start)), start = i + 1;
  return parts;
}

bool starts_with(const std::string &s, const std::string &prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// Keeps the candidates that extend `word`, each prefixed with `lead`.
std::vector<std::string> matching(const std::vector<std::string> &names, const std::string &word,
                                  const std::string &lead = "") {
  std::set<std::string> out;
  for (const auto &n : names)
    if (starts_with(n, word)) out.insert(lead + n);
  return {out.begin(), out.end()};
}

const std::string &canonical_provider(const std::string &p) {
  static const std::map<std::string, std::string> aliases = {
      {"t", "tracepoint"}, {"rt", "rawtracepoint"}, {"u", "uprobe"}, {"ur", "uretprobe"},
      {"i", "interval"},   {"p", "profile"},
  };
  auto it = aliases.find(p);
  return it == aliases.end() ? p : it->second;
}

// attach_point := provider ":" target [ ":" function ]
std::vector<std::string> attach_candidates(const std::string &word, const CompletionSources &src) {
  static const std::vector<std::string> providers = {
      "BEGIN", "END", "tracepoint:", "rawtracepoint:", "uprobe:", "uretprobe:", "interval:", "profile:"};
  auto parts = split(word, ':');
  if (parts.size() == 1) return matching(providers, word);
  const std::string &provider = canonical_provider(parts[0]);
  std::string lead = parts[0] + ":";
  std::vector<std::string> names;
  if (provider == "tracepoint" && parts.size() == 2) {
    for (const auto &tp : src.tracepoints()) names.push_back(tp.substr(0, tp.find(':') + 1));
    return matching(names, parts[1], lead);
  }
  if (provider == "tracepoint" && parts.size() == 3) {
    for (const auto &tp : src.tracepoints())
      if (starts_with(tp, parts[1] + ":")) names.push_back(tp.substr(parts[1].size() + 1));
    return matching(names, parts[2], lead + parts[1] + ":");
  }
  if (provider == "rawtracepoint" && parts.size() == 2) {
    for (const auto &tp : src.tracepoints()) names.push_back(tp.substr(tp.find(':') + 1));
    return matching(names, parts[1], lead);
  }
  if ((provider == "uprobe" || provider == "uretprobe") && parts.size() == 2)
    return matching(src.paths(parts[1]), parts[1], lead);
  if ((provider == "uprobe" || provider == "uretprobe") && parts.size() == 3)
    return matching(src.functions(parts[1]), parts[2], lead + parts[1] + ":");
  if ((provider == "interval" || provider == "profile") && parts.size() == 2)
    return matching(provider == "profile" ? std::vector<std::string>{"hz:", "s:", "ms:", "us:"}
                                          : std::vector<std::string>{"s:", "ms:", "us:", "hz:"},
                    parts[1], lead);
  return {};
}

// The tracepoint the open block is attached to, when there is exactly one
// without wildcards: its fields are what `args.` offers.
bool block_tracepoint(const std::string &header, std::string &category, std::string &event) {
  std::string word;
  for (size_t i = 0; i <= header.size(); i++) {
    char c = i < header.size() ? header[i] : ' ';
    if (!std::isspace(static_cast<unsigned char>(c)) && c != ',') {
      word += c;
      continue;
    }
    auto parts = split(word, ':');
    word.clear();
    if (parts.size() != 3 || canonical_provider(parts[0]) != "tracepoint") continue;
    if (parts[1].find_first_of("*?[") != std::string::npos || parts[2].find_first_of("*?[") != std::string::npos)
      continue;
    category = parts[1];
    event = parts[2];
    return true;
  }
  return false;
}

bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// `text` ends with a member chain: a root whose C type is known, then
// ".name" or "->name" steps. Roots: curtask, and casts to a struct or union
// pointer in parentheses, `((struct x *)expr)`.
bool member_chain(std::string text, std::string &root, std::vector<std::string> &path) {
  path.clear();
  for (;;) {
    size_t end = text.size();
    while (end > 0 && std::isspace(static_cast<unsigned char>(text[end - 1]))) end--;
    text.resize(end);
    if (!text.empty() && text.back() == ')') {
      int depth = 0;
      size_t i = text.size();
      while (i > 0) {
        char c = text[--i];
        if (c == ')') depth++;
        if (c == '(' && --depth == 0) break;
      }
      if (depth != 0) return false;
      // "((struct x *)expr)" or "(struct x *)expr" written without the outer pair.
      std::string inner = text.substr(i + 1, text.size() - i - 2);
      size_t kw = inner.find_first_not_of(" (");
      if (kw == std::string::npos || !(starts_with(inner.substr(kw), "struct ") || starts_with(inner.substr(kw), "union ")))
        return false;
      size_t close = inner.find(')', kw);
      if (close == std::string::npos) return false;
      root = inner.substr(kw, close - kw);
      return root.find('*') != std::string::npos;
    }
    size_t start = text.size();
    while (start > 0 && is_ident(text[start - 1])) start--;
    std::string name = text.substr(start);
    if (name.empty()) return false;
    std::string before = text.substr(0, start);
    if (before.ends_with("->") || (before.ends_with(".") && !before.ends_with(".."))) {
      path.insert(path.begin(), name);
      text = before.substr(0, before.size() - (before.ends_with("->") ? 2 : 1));
      continue;
    }
    if (name != "curtask") return false;
    root = "struct task_struct *";
    return true;
  }
}

// Where the name before the cursor starts, its '@' or '$' included.
size_t name_start(const std::string &line) {
  size_t start = line.size();
  while (start > 0 && is_ident(line[start - 1])) start--;
  if (start > 0 && (line[start - 1] == '@' || line[start - 1] == '$')) start--;
  return start;
}

// A map or a scratch variable; false when the word names neither kind.
bool map_or_variable(const std::string &line, const CompletionSources &src, Completion &c) {
  c.start = name_start(line);
  std::string word = line.substr(c.start);
  if (word.empty() || (word[0] != '@' && word[0] != '$')) return false;
  c.candidates = matching(word[0] == '@' ? src.maps() : src.variables(), word);
  return true;
}

Completion expression(const std::string &line, const Scan &s, const CompletionSources &src) {
  Completion c;
  if (map_or_variable(line, src, c)) return c;
  size_t start = c.start;
  std::string word = line.substr(start);
  // args.NAME or args->NAME
  std::string before = line.substr(0, start);
  for (const char *sep : {".", "->"}) {
    if (!before.ends_with(sep) || !before.substr(0, before.size() - std::string(sep).size()).ends_with("args"))
      continue;
    std::string category, event;
    if (block_tracepoint(s.header, category, event))
      c.candidates = matching(src.tracepoint_fields(category, event), word);
    return c;
  }
  for (const char *sep : {".", "->"}) {
    if (!before.ends_with(sep)) continue;
    std::string root;
    std::vector<std::string> path;
    if (member_chain(before.substr(0, before.size() - std::string(sep).size()), root, path))
      c.candidates = matching(src.members(root, path), word);
    return c;
  }
  std::vector<std::string> names = sema::builtin_names();
  for (const auto &f : sema::function_names()) names.push_back(f + "(");
  c.candidates = matching(names, word);
  return c;
}

Completion command(const std::string &line, const CompletionSources &src) {
  Completion c;
  size_t lead = line.find_first_not_of(" \t");
  size_t space = line.find_first_of(" \t", lead);
  if (space == std::string::npos) {
    std::vector<std::string> names;
    for (const auto &spec : commands()) names.push_back(spec.name);
    c.start = lead;
    c.candidates = matching(names, line.substr(lead));
    return c;
  }
  std::string name = line.substr(lead, space - lead);
  size_t arg = line.find_first_not_of(" \t", space);
  c.start = arg == std::string::npos ? line.size() : arg;
  std::string word = line.substr(c.start);
  for (const auto &spec : commands()) {
    if (name != spec.name) continue;
    switch (spec.arg) {
      case ArgKind::None: break;
      case ArgKind::BlockId: {
        auto ids = src.block_ids();
        ids.push_back("all");
        c.candidates = matching(ids, word);
        break;
      }
      case ArgKind::Map: c.candidates = matching(src.maps(), word); break;
      case ArgKind::File: c.candidates = matching(src.paths(word), word); break;
      case ArgKind::Format: c.candidates = matching({"text", "json"}, word); break;
    }
  }
  return c;
}

}  // namespace

Completion complete(const std::string &pending, const std::string &line, const CompletionSources &src) {
  if (pending.empty() && line.find_first_not_of(" \t") != std::string::npos &&
      line[line.find_first_not_of(" \t")] == '.')
    return command(line, src);
  Scan s = scan(pending.empty() ? line : pending + "\n" + line);
  if (s.quoted) return Completion{line.size(), {}};
  if (s.depth > 0 || s.in_predicate) return expression(line, s, src);
  // Outside a block a word can also be a statement's: no attach point holds
  // an '@' or a '$', so such a name is a map (`@x`, `print(@x`) or a variable.
  Completion c;
  if (map_or_variable(line, src, c)) return c;
  c.start = line.find_last_of(" \t,{}");
  c.start = c.start == std::string::npos ? 0 : c.start + 1;
  c.candidates = attach_candidates(line.substr(c.start), src);
  return c;
}

std::string common_prefix(const std::vector<std::string> &candidates) {
  if (candidates.empty()) return "";
  std::string p = candidates.front();
  for (const auto &c : candidates) {
    size_t n = 0;
    while (n < p.size() && n < c.size() && p[n] == c[n]) n++;
    p.resize(n);
  }
  return p;
}

bool ends_word(const std::string &candidate) {
  if (candidate.empty()) return false;
  char last = candidate.back();
  return last != ':' && last != '/' && last != '(';
}

}  // namespace bpfsh::repl
