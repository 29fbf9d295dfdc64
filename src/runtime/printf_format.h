#pragma once
// bpftrace printf formats, compiled once and applied to each event's payload.
// The format is split by common/format_string, the parser sema checks
// arguments with. Every integer arrives as 8 bytes; hh and h cut it to 8 and
// 16 bits as C does, any other length modifier keeps all 64.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "artifact/artifact.h"
#include "runtime/byte_format.h"
#include "runtime/result.h"

namespace bpfsh::runtime {

class SymbolResolver;

class Formatter {
 public:
  // Fails when the format has a bad specifier or more specifiers than arguments.
  // Stack and symbol arguments are named through `symbols` (may be null).
  static Result<Formatter> compile(const artifact::FormatSpec &spec, SymbolResolver *symbols = nullptr);

  // Appends the formatted text to `out`. `payload` holds `size` bytes; an
  // argument that lies beyond them is formatted as 0 or "".
  void format(const uint8_t *payload, size_t size, std::string &out) const;

  std::string format(const uint8_t *payload, size_t size) const {
    std::string s;
    format(payload, size, s);
    return s;
  }

 private:
  enum class Conv : uint8_t { Text, Signed, Unsigned, Char, Str, Ptr, Buffer, FlagNames };
  struct Piece {
    Conv conv = Conv::Text;
    std::string text;  // Text: literal; otherwise a C format for one argument
    int arg = -1;
    BufferStyle style = BufferStyle::Escaped;  // Buffer: %r, %rx or %rh
    uint8_t bits = 64;  // Signed, Unsigned: the width the length modifier gives
  };
  void format_piece(const Piece &p, const uint8_t *payload, size_t size, std::string &out) const;
  void format_integer(const Piece &p, bool is_signed, uint64_t v, std::string &out) const;

  std::vector<Piece> pieces_;
  std::vector<artifact::FormatArg> args_;
  std::vector<artifact::FlagName> gfp_names_;  // %gr
  SymbolResolver *symbols_ = nullptr;
  mutable std::string scratch_;  // a string argument, NUL-terminated for C
};

}  // namespace bpfsh::runtime
