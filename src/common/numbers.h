#pragma once
// Integers written as text (positional parameters, attach-point counts),
// parsed without exceptions: a value that does not fit is no value.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace bpfsh {

struct ParsedInt {
  uint64_t bits = 0;         // two's complement when negative
  bool is_unsigned = false;  // over INT64_MAX: only an unsigned 64-bit integer holds it
};

// The whole of `s`: decimal, 0x hexadecimal or 0-prefixed octal, with an
// optional leading '-'. Nothing when it is not such a number or does not fit
// in 64 bits (unsigned, or signed when negative).
inline std::optional<ParsedInt> parse_int(std::string_view s) {
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.remove_prefix(1);
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  } else if (s.size() > 1 && s[0] == '0') {
    base = 8;
  }
  uint64_t v = 0;
  if (s.empty() || s[0] == '-' || s[0] == '+') return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  if (!neg) return ParsedInt{v, v > static_cast<uint64_t>(INT64_MAX)};
  if (v > static_cast<uint64_t>(INT64_MAX) + 1) return std::nullopt;
  return ParsedInt{0 - v, false};
}

}  // namespace bpfsh
