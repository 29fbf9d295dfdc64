#pragma once
// How one value is laid out in maps and events, and how it prints.
#include <cstdint>
#include <string>
#include <vector>

namespace bpfsh::artifact {

// How a kstack/ustack prints: bpftrace's "        func+off" lines, perf's
// "\tADDR func+off (module)" lines, raw hexadecimal addresses, or (ustack
// only) the kernel's build id and file offset of each frame, which name the
// code after the process and even the machine are gone.
enum class StackMode : uint8_t { Bpftrace, Perf, Raw, BuildId };

struct Layout {
  enum class Kind : uint8_t { None, Int, Str, Tuple, Inet, KStack, UStack, KSym, USym, Timestamp, Record, Array,
                              Buffer, MacAddr, Username, Bool, Lookup };
  Kind kind = Kind::None;
  bool hex = false;            // Int: a pointer, printed as 0x... (as a number in json)
  // Int: the enum's enumerators; a value that is one prints as its name.
  std::vector<std::pair<uint64_t, std::string>> enumerators;
  // A member of a Record: its name and where it lives in the record.
  std::string name;
  uint32_t offset = 0;
  uint32_t bit_offset = 0, bit_size = 0;  // bitfields only
  uint32_t count = 0;          // Array: elements (elems[0] each, elems[0].size apart)
  StackMode stack_mode = StackMode::Bpftrace;  // KStack, UStack
  uint32_t stack_limit = 0;                    // KStack, UStack: frames in its stack map
  bool dwarf = false;  // UStack of dw_ustack: its first word names a StackSample event, not a stack map entry
  bool is_signed = false;      // Int
  uint32_t size = 0;           // bytes occupied (Int, Bool: 8; Str: padded size)
  // Str: the string's type size (size is padded to 8). A string that long,
  // with no NUL in it, filled its type and so was cut short: it prints with
  // `trailer` after it, bpftrace's str_trunc_trailer.
  uint32_t trunc_len = 0;
  std::string trailer;
  std::string time_format;     // Timestamp: strftime's format (u64 nsecs of CLOCK_MONOTONIC)
  std::string lookup;          // Lookup: the table naming the i64 ("strerror", "cgroup_path", ...)
  std::string lookup_arg;      // Lookup: cgroup_path()'s hierarchy filter
  std::vector<Layout> elems;   // Tuple, in order, each at its offset (a C
                               // struct's layout). Record: its members.
                               // Array: the element.
  uint32_t elem_offset(size_t i) const { return elems[i].offset; }
};

}  // namespace bpfsh::artifact
