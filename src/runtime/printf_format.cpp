#include "runtime/printf_format.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "common/format_string.h"
#include "runtime/byte_format.h"
#include "runtime/flag_names.h"
#include "runtime/output/output.h"
#include "runtime/value.h"

namespace bpfsh::runtime {

namespace {

// Writes a printf result into `out` without a temporary allocation in the
// common case (the output string's capacity is reused between events).
template <class... A>
void append_printf(std::string &out, const char *fmt, A... args) {
  size_t old = out.size();
  size_t room = 64;
  for (;;) {
    out.resize(old + room);
    int n = std::snprintf(out.data() + old, room, fmt, args...);
    if (n < 0) {
      out.resize(old);
      return;
    }
    if (size_t(n) < room) {
      out.resize(old + size_t(n));
      return;
    }
    room = size_t(n) + 1;
  }
}

uint64_t read_u64(const uint8_t *payload, size_t size, uint32_t off) {
  uint64_t v = 0;
  if (off < size) std::memcpy(&v, payload + off, std::min<size_t>(8, size - off));
  return v;
}

// The integer width a length modifier gives: hh is a char, h a short; no
// modifier and the rest are 64 bits, as upstream prints every integer.
uint8_t modifier_bits(const std::string &length) {
  if (length == "hh") return 8;
  if (length == "h") return 16;
  return 64;
}

// `v` cut to its low `bits`, sign-extended when `is_signed`.
uint64_t truncate_to(uint64_t v, uint8_t bits, bool is_signed) {
  if (bits >= 64) return v;
  uint64_t mask = (uint64_t(1) << bits) - 1;
  v &= mask;
  if (is_signed && (v >> (bits - 1)) & 1) v |= ~mask;
  return v;
}

}  // namespace

Result<Formatter> Formatter::compile(const artifact::FormatSpec &spec, SymbolResolver *symbols) {
  Formatter f;
  f.args_ = spec.args;
  f.gfp_names_ = spec.gfp_names;
  f.symbols_ = symbols;
  const std::string &fmt = spec.fmt;
  ParsedFormat parsed = parse_format(fmt);
  if (!parsed.error.empty()) return fail("format \"" + fmt + "\": " + parsed.error);
  if (parsed.spec_count() > spec.args.size()) return fail("format \"" + fmt + "\": more conversions than arguments");
  int next_arg = 0;
  for (const FormatPiece &s : parsed.pieces) {
    if (!s.is_spec) {
      f.pieces_.push_back(Piece{Conv::Text, s.text, -1});
      continue;
    }
    // What C's printf gets: the spec as written, without a length modifier
    // (every integer arrives as 8 bytes) and with its conversion below.
    std::string c_prefix = "%" + s.flags + s.width + (s.has_precision ? "." + s.precision : "");
    Piece p;
    p.arg = next_arg++;
    p.bits = modifier_bits(s.length);
    switch (s.conv) {
      case 'd': case 'i': p.conv = Conv::Signed; p.text = c_prefix + "lld"; break;
      case 'u': case 'x': case 'X': case 'o':
        p.conv = Conv::Unsigned; p.text = c_prefix + "ll" + s.conv; break;
      case 'c': p.conv = Conv::Char; p.text = c_prefix + "c"; break;
      case 's': p.conv = Conv::Str; p.text = c_prefix + "s"; break;
      case 'r':
        p.conv = Conv::Buffer;
        p.text = c_prefix + "s";
        p.style = s.buffer_style == 'x' ? BufferStyle::EscapedAll
                  : s.buffer_style == 'h' ? BufferStyle::Hex
                                          : BufferStyle::Escaped;
        break;
      case 'g': p.conv = Conv::FlagNames; p.text = c_prefix + "s"; break;
      default: p.conv = Conv::Ptr; p.text = c_prefix + "p"; break;
    }
    auto kind = spec.args[size_t(p.arg)].layout.kind;
    if (p.conv != Conv::Buffer && kind != artifact::Layout::Kind::Int && kind != artifact::Layout::Kind::Bool) {
      p.conv = Conv::Str;  // a string under %d still prints as text
      p.text = c_prefix + "s";
    }
    f.pieces_.push_back(std::move(p));
  }
  return f;
}

void Formatter::format(const uint8_t *payload, size_t size, std::string &out) const {
  for (const Piece &p : pieces_) {
    if (p.conv == Conv::Text)
      out += p.text;
    else
      format_piece(p, payload, size, out);
  }
}

void Formatter::format_piece(const Piece &p, const uint8_t *payload, size_t size, std::string &out) const {
  const artifact::FormatArg &a = args_[size_t(p.arg)];
  const char *fmt = p.text.c_str();
  if (a.layout.kind == artifact::Layout::Kind::Buffer) {
    // %s of a buffer prints as %r does.
    if (a.offset + a.layout.size > size) return;
    scratch_ = format_buffer_value(payload + a.offset, a.layout.size - 8,
                                   p.conv == Conv::Buffer ? p.style : BufferStyle::Escaped);
    append_printf(out, fmt, scratch_.c_str());
    return;
  }
  if (a.layout.kind != artifact::Layout::Kind::Str && a.layout.kind != artifact::Layout::Kind::Int &&
      a.layout.kind != artifact::Layout::Kind::Bool) {
    // Values the runtime renders (inet, ...) print as their text.
    if (a.offset + a.layout.size > size) return;
    scratch_ = output::render_text_value(decode(a.layout, payload + a.offset, symbols_));
    append_printf(out, fmt, scratch_.c_str());
    return;
  }
  if (a.layout.kind == artifact::Layout::Kind::Str) {
    // Bytes up to the NUL or the string's size, copied so C sees a NUL.
    size_t avail = a.offset < size ? std::min<size_t>(a.layout.size, size - a.offset) : 0;
    const char *s = reinterpret_cast<const char *>(payload + a.offset);
    const void *nul = avail ? std::memchr(s, 0, avail) : nullptr;
    scratch_.assign(s, nul ? size_t(static_cast<const char *>(nul) - s) : avail);
    if (a.layout.trunc_len && scratch_.size() == a.layout.trunc_len) scratch_ += a.layout.trailer;
    append_printf(out, fmt, scratch_.c_str());
    return;
  }
  bool is_bool = a.layout.kind == artifact::Layout::Kind::Bool;
  if (p.conv == Conv::Str && (a.layout.hex || !a.layout.enumerators.empty() || is_bool)) {
    // An enum under %s prints as its enumerator's name, a pointer in hex, a
    // bool as true or false (under %d it is 1 or 0).
    if (a.offset + a.layout.size > size) return;
    scratch_ = output::render_text_value(decode(a.layout, payload + a.offset, symbols_));
    append_printf(out, fmt, scratch_.c_str());
    return;
  }
  format_integer(p, a.layout.is_signed, read_u64(payload, size, a.offset), out);
}

// An integer under its conversion; under %s its decimal value.
void Formatter::format_integer(const Piece &p, bool is_signed, uint64_t v, std::string &out) const {
  const char *fmt = p.text.c_str();
  switch (p.conv) {
    case Conv::Signed: append_printf(out, fmt, static_cast<long long>(truncate_to(v, p.bits, true))); break;
    case Conv::Unsigned:
      append_printf(out, fmt, static_cast<unsigned long long>(truncate_to(v, p.bits, false)));
      break;
    case Conv::Char: append_printf(out, fmt, static_cast<int>(static_cast<unsigned char>(v))); break;
    case Conv::Ptr: append_printf(out, fmt, reinterpret_cast<void *>(static_cast<uintptr_t>(v))); break;
    case Conv::FlagNames:
      scratch_ = flag_names_text(truncate_to(v, p.bits, false), gfp_names_);
      append_printf(out, fmt, scratch_.c_str());
      break;
    case Conv::Str: {  // an integer under %s prints as its decimal value
      char num[32];
      if (is_signed)
        std::snprintf(num, sizeof num, "%lld", static_cast<long long>(v));
      else
        std::snprintf(num, sizeof num, "%llu", static_cast<unsigned long long>(v));
      append_printf(out, fmt, static_cast<const char *>(num));
      break;
    }
    case Conv::Text: case Conv::Buffer: break;
  }
}

}  // namespace bpfsh::runtime
