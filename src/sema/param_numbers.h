#pragma once
// How bpftrace reads a positional argument ($1) as a number: the text is a
// number when all of it is one in a form bpftrace's integer parser takes
// (decimal, 0x hexadecimal, 0b binary, 0-prefixed octal, `_` separators, a
// 1-9 coefficient with an exponent like 2e3, a C suffix u/l/ul/ll/ull or a
// duration unit ns/us/ms/s/m/h/d), optionally after a '-'. Anything else is
// a string.
#include <cstdint>
#include <string_view>

namespace bpfsh::sema {

struct ParamNumber {
  enum class Kind {
    Number,    // bits holds the value (two's complement when negative)
    TooLarge,  // a number, but not one that 64 bits hold
    NotANumber,
  } kind = Kind::NotANumber;
  uint64_t bits = 0;
  bool is_unsigned = false;  // over INT64_MAX: only an unsigned 64-bit integer holds it
};

ParamNumber read_param_number(std::string_view text);

}  // namespace bpfsh::sema
