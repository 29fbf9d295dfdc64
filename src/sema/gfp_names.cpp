#include "sema/gfp_names.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace bpfsh::sema {
namespace {

// A recursive-descent reader of the masks' C: integer literals (with U/L
// suffixes), casts to a type name, parentheses, ~, <<, &, |.
class MaskReader {
 public:
  explicit MaskReader(const std::string &s) : s_(s) {}

  std::optional<uint64_t> read() {
    auto v = bit_or();
    skip();
    if (!v || pos_ != s_.size()) return std::nullopt;
    return v;
  }

 private:
  void skip() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) pos_++;
  }
  bool eat(const char *tok) {
    skip();
    size_t n = std::char_traits<char>::length(tok);
    if (s_.compare(pos_, n, tok) != 0) return false;
    if (n == 1 && (tok[0] == '|' || tok[0] == '&') && pos_ + 1 < s_.size() && s_[pos_ + 1] == tok[0]) return false;
    pos_ += n;
    return true;
  }

  std::optional<uint64_t> bit_or() {
    auto v = bit_and();
    while (v && eat("|")) {
      auto r = bit_and();
      if (!r) return std::nullopt;
      *v |= *r;
    }
    return v;
  }
  std::optional<uint64_t> bit_and() {
    auto v = shift();
    while (v && eat("&")) {
      auto r = shift();
      if (!r) return std::nullopt;
      *v &= *r;
    }
    return v;
  }
  std::optional<uint64_t> shift() {
    auto v = unary();
    while (v && eat("<<")) {
      auto r = unary();
      if (!r || *r >= 64) return std::nullopt;
      *v <<= *r;
    }
    return v;
  }

  // `( gfp_t)`, `( unsigned long)`: a parenthesis of words only.
  bool cast() {
    size_t at = pos_;
    if (!eat("(")) return false;
    bool words = false;
    for (;;) {
      skip();
      size_t start = pos_;
      while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) pos_++;
      if (pos_ == start) break;
      if (std::isdigit(static_cast<unsigned char>(s_[start]))) break;
      words = true;
    }
    if (words && eat(")")) return true;
    pos_ = at;
    return false;
  }

  std::optional<uint64_t> unary() {
    if (eat("~")) {
      auto v = unary();
      return v ? std::optional<uint64_t>(~*v) : std::nullopt;
    }
    if (cast()) return unary();
    if (eat("(")) {
      auto v = bit_or();
      return v && eat(")") ? v : std::nullopt;
    }
    return number();
  }

  std::optional<uint64_t> number() {
    skip();
    size_t start = pos_;
    while (pos_ < s_.size() && std::isxdigit(static_cast<unsigned char>(s_[pos_]))) pos_++;
    if (pos_ < s_.size() && s_[pos_] == 'x' && pos_ == start + 1 && s_[start] == '0') {
      pos_++;
      while (pos_ < s_.size() && std::isxdigit(static_cast<unsigned char>(s_[pos_]))) pos_++;
    }
    if (pos_ == start) return std::nullopt;
    std::string digits = s_.substr(start, pos_ - start);
    while (pos_ < s_.size() && (s_[pos_] == 'U' || s_[pos_] == 'L' || s_[pos_] == 'u' || s_[pos_] == 'l')) pos_++;
    // strtoull, not stoull: a number past 64 bits is no mask, not an exception.
    errno = 0;
    char *end = nullptr;
    uint64_t v = std::strtoull(digits.c_str(), &end, 0);
    return errno == 0 && *end == '\0' ? std::optional<uint64_t>(v) : std::nullopt;
  }

  const std::string &s_;
  size_t pos_ = 0;
};

// The text between the '(' at `open` and its matching ')'.
size_t closing(const std::string &s, size_t open, char o, char c) {
  int depth = 0;
  for (size_t i = open; i < s.size(); i++) {
    if (s[i] == '"') i = s.find('"', i + 1);
    if (i == std::string::npos) return i;
    if (s[i] == o) depth++;
    if (s[i] == c && --depth == 0) return i;
  }
  return std::string::npos;
}

}  // namespace

std::vector<artifact::FlagName> parse_print_flags(const std::string &text) {
  std::vector<artifact::FlagName> out;
  size_t call = text.find("__print_flags(");
  if (call == std::string::npos) return out;
  size_t end = closing(text, call + 13, '(', ')');
  for (size_t at = text.find('{', call); at != std::string::npos && at < end; at = text.find('{', at)) {
    size_t close = closing(text, at, '{', '}');
    if (close == std::string::npos) return {};
    std::string entry = text.substr(at + 1, close - at - 1);
    size_t quote = entry.rfind(",");
    size_t name_start = entry.find('"', quote == std::string::npos ? 0 : quote);
    size_t name_end = name_start == std::string::npos ? name_start : entry.find('"', name_start + 1);
    if (quote == std::string::npos || name_end == std::string::npos) break;  // the table's { 0, NULL } end
    auto mask = MaskReader(entry.substr(0, quote)).read();
    if (!mask) return {};
    out.push_back({*mask, entry.substr(name_start + 1, name_end - name_start - 1)});
    at = close + 1;
  }
  return out;
}

}  // namespace bpfsh::sema
