#pragma once
// bpftrace's printf format strings, split into literal text and conversion
// specifiers. Shared by sema (argument checks) and the runtime (formatting).
#include <string>
#include <vector>

namespace bpfsh {

struct FormatPiece {
  bool is_spec = false;
  std::string text;   // literal text, or the whole spec as written ("%-5lld")
  std::string flags;  // "-+ #0"
  std::string width;  // digits
  std::string precision;  // digits after '.', empty if none
  bool has_precision = false;
  std::string length;  // the length modifier as written: "hh", "h", "l", "ll", "z", ...
  char conv = 0;      // d i u x X o c s p r, or g for %gr
  char buffer_style = 0;  // r only: 'x' for %rx, 'h' for %rh, 0 for %r
  // The width or precision as written was over kMaxFormatWidth; `width` and
  // `precision` hold the cap (what the runtime prints), sema rejects it.
  bool over_limit = false;
};

// The largest width or precision of a conversion: every event's output is
// sized by it, and %999999999d would ask for a gigabyte.
inline constexpr size_t kMaxFormatWidth = 4096;

struct ParsedFormat {
  std::vector<FormatPiece> pieces;
  std::string error;  // empty when well-formed
  size_t spec_count() const;
};

ParsedFormat parse_format(const std::string &fmt);

// Whether a conversion takes an integer ("d", "x", ...) or anything printable ("s").
bool format_conv_is_integer(char conv);

}  // namespace bpfsh
