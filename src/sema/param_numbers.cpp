#include "sema/param_numbers.h"

#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace bpfsh::sema {
namespace {

using Kind = ParamNumber::Kind;

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// The longest run of base-`base` digits at s[i...]; false on overflow.
// `i` ends after the run.
bool digits(const std::string &s, size_t &i, int base, uint64_t &v) {
  v = 0;
  for (; i < s.size() && digit_value(s[i]) < base; i++) {
    auto d = static_cast<uint64_t>(digit_value(s[i]));
    if (v > (UINT64_MAX - d) / static_cast<uint64_t>(base)) return false;
    v = v * static_cast<uint64_t>(base) + d;
  }
  return true;
}

// suffix -> (the largest value it allows before scaling, its scale)
std::pair<uint64_t, uint64_t> suffix_limits(std::string suffix, bool &known) {
  bool c_suffix = suffix.find_first_not_of("uUlL") == std::string::npos;
  if (c_suffix)
    for (char &c : suffix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::array<std::pair<const char *, std::pair<uint64_t, uint64_t>>, 13> table = {{
      {"", {UINT64_MAX, 1}}, {"u", {UINT32_MAX, 1}}, {"ul", {UINT64_MAX, 1}}, {"ull", {UINT64_MAX, 1}},
      {"l", {INT64_MAX, 1}}, {"ll", {INT64_MAX, 1}}, {"ns", {UINT64_MAX, 1}}, {"us", {UINT64_MAX, 1000}},
      {"ms", {UINT64_MAX, 1000000}}, {"s", {UINT64_MAX, 1000000000ull}}, {"m", {UINT64_MAX, 60000000000ull}},
      {"h", {UINT64_MAX, 3600000000000ull}}, {"d", {UINT64_MAX, 86400000000000ull}},
  }};
  for (auto &[name, limits] : table)
    if (suffix == name) {
      known = true;
      return limits;
    }
  known = false;
  return {0, 1};
}

// The unsigned part: prefix, digits, exponent, suffix.
ParamNumber read_unsigned(std::string s) {
  std::erase(s, '_');
  int base = 10;
  size_t i = 0;
  if (s.size() >= 2 && s[0] == '0') {
    char c = s[1];
    if (c == 'x' || c == 'X') base = 16, i = 2;
    else if (c == 'b' || c == 'B') base = 2, i = 2;
    else if (c >= '0' && c <= '7') base = 8, i = 1;
  }
  size_t start = i;
  uint64_t v = 0;
  if (!digits(s, i, base, v)) return {Kind::TooLarge};
  if (i == start) return {};
  // 2e3: a coefficient of one digit, 1-9, times a power of ten.
  if (i + 1 < s.size() && (s[i] == 'e' || s[i] == 'E') && s[i + 1] >= '1' && s[i + 1] <= '9') {
    if (v == 0 || v >= 10) return {};
    i++;
    uint64_t exp = 0;
    if (!digits(s, i, 10, exp)) return {Kind::TooLarge};
    for (; exp > 0; exp--) {
      if (v > UINT64_MAX / 10) return {Kind::TooLarge};
      v *= 10;
    }
  }
  bool known = false;
  auto [max, scale] = suffix_limits(s.substr(i), known);
  if (!known) return {};
  if (v > max / scale) return {max == UINT64_MAX ? Kind::TooLarge : Kind::NotANumber};
  v *= scale;
  return {Kind::Number, v, v > static_cast<uint64_t>(INT64_MAX)};
}

}  // namespace

ParamNumber read_param_number(std::string_view text) {
  bool negative = !text.empty() && text[0] == '-';
  ParamNumber n = read_unsigned(std::string(negative ? text.substr(1) : text));
  if (!negative || n.kind != Kind::Number) return n;
  if (n.bits > static_cast<uint64_t>(INT64_MAX) + 1) return {Kind::TooLarge};
  return {Kind::Number, 0 - n.bits, false};
}

}  // namespace bpfsh::sema
