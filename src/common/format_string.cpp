#include "common/format_string.h"

#include <cctype>
#include <cstring>
#include <string>

namespace bpfsh {

size_t ParsedFormat::spec_count() const {
  size_t n = 0;
  for (auto &p : pieces) n += p.is_spec;
  return n;
}

bool format_conv_is_integer(char conv) { return std::strchr("diuxXocpg", conv) != nullptr; }

// Digits as written, or the cap when they are over it.
static void clamp_digits(std::string &digits, bool &over) {
  size_t start = digits.find_first_not_of('0');
  if (start == std::string::npos) return;
  if (digits.size() - start <= 4 && std::stoul(digits.substr(start)) <= kMaxFormatWidth) return;
  digits = std::to_string(kMaxFormatWidth);
  over = true;
}

static FormatPiece literal(const std::string &text) {
  FormatPiece p;
  p.text = text;
  return p;
}

// spec := '%' flags* digits* ('.' digits*)? length? conv
ParsedFormat parse_format(const std::string &fmt) {
  ParsedFormat out;
  std::string lit;
  for (size_t i = 0; i < fmt.size(); i++) {
    if (fmt[i] != '%') {
      lit += fmt[i];
      continue;
    }
    if (i + 1 < fmt.size() && fmt[i + 1] == '%') {
      lit += '%';
      i++;
      continue;
    }
    if (!lit.empty()) out.pieces.push_back(literal(lit));
    lit.clear();
    FormatPiece p;
    p.is_spec = true;
    size_t j = i + 1;
    while (j < fmt.size() && std::strchr("-+ #0", fmt[j])) p.flags += fmt[j++];
    while (j < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[j]))) p.width += fmt[j++];
    if (j < fmt.size() && fmt[j] == '.') {
      p.has_precision = true;
      j++;
      while (j < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[j]))) p.precision += fmt[j++];
    }
    while (j < fmt.size() && std::strchr("hlzjt", fmt[j])) p.length += fmt[j++];
    // %g is only %gr (GFP flag names): bpftrace has no floating point.
    bool gfp = j + 1 < fmt.size() && fmt[j] == 'g' && fmt[j + 1] == 'r';
    if (j >= fmt.size() || (!gfp && !std::strchr("diuxXocspr", fmt[j]))) {
      out.error = "invalid format specifier '" + fmt.substr(i, j - i + (j < fmt.size())) + "'";
      return out;
    }
    clamp_digits(p.width, p.over_limit);
    clamp_digits(p.precision, p.over_limit);
    p.conv = fmt[j];
    if (p.conv == 'r' && j + 1 < fmt.size() && (fmt[j + 1] == 'x' || fmt[j + 1] == 'h')) p.buffer_style = fmt[++j];
    if (gfp) j++;
    p.text = fmt.substr(i, j - i + 1);
    out.pieces.push_back(p);
    i = j;
  }
  if (!lit.empty()) out.pieces.push_back(literal(lit));
  return out;
}

}  // namespace bpfsh
