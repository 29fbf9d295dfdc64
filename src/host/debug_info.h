#pragma once
// What a user-space binary's DWARF says about its functions, for uprobes:
// the C types (as BTF built in memory, so sema reads them as it reads the
// kernel's), each function's prototype with its parameters' names, and
// where each parameter is when the function is entered. The DWARF is the
// binary's own, or its separate debug file (.gnu_debuglink, or its build
// id under a debug directory, host/debug_file.h); for a binary built with
// -gsplit-dwarf, the units its skeleton units name in .dwo files, or in a
// .dwp package beside the binary.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

struct btf;

namespace bpfsh::host {

// Where one parameter is at the function's first instruction (x86-64).
struct ParamPlace {
  enum class Kind : uint8_t { Register, Stack, Unavailable } kind = Kind::Unavailable;
  int32_t reg = -1;    // Register: its offset in struct pt_regs
  int64_t offset = 0;  // Stack: bytes above the stack pointer (the return address is at 0)
  std::string why;     // Unavailable: the reason, as a message ends ("it was optimized out")
};

struct DebugFunction {
  uint32_t btf_func = 0;  // the BTF FUNC (in DebugInfo::types) naming and typing the parameters
  uint64_t address = 0;   // link-time address of its entry
  std::vector<ParamPlace> places;  // one per parameter, in order
};

struct DebugInfo {
  DebugInfo() = default;
  ~DebugInfo();
  DebugInfo(const DebugInfo &) = delete;
  DebugInfo &operator=(const DebugInfo &) = delete;

  std::string file;                 // the file the DWARF was read from
  struct btf *types = nullptr;      // owned
  std::map<std::string, DebugFunction> functions;  // defined functions, by name
  // Why some units' DWARF is not here (a -gsplit-dwarf unit whose DWO file
  // is missing), as a message ends; "" when every unit was read.
  std::string incomplete;
};

// Reads `path`'s DWARF, looking for a separate debug file in `debug_dirs`
// when the binary has none; nullptr, with the reason in `why`, without any.
std::unique_ptr<DebugInfo> read_debug_info(const std::string &path, const std::vector<std::string> &debug_dirs,
                                           std::string &why);

}  // namespace bpfsh::host
