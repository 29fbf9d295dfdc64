#pragma once
// A process's executable file mappings, from /proc/PID/maps: what turns a
// user address into (binary, file offset).
//   line := START '-' END ' ' PERMS ' ' OFFSET ' ' DEV ' ' INODE ' '+ [PATH]
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bpfsh::symbols {

struct Mapping {
  uint64_t start = 0, end = 0;  // [start, end) in the process
  uint64_t file_offset = 0;     // of `start` in the file
  std::string path;             // " (deleted)" removed
};

// Executable mappings of files (not [vdso], [heap], anonymous memory), in order.
std::vector<Mapping> parse_maps(std::string_view text);

// nullopt when the process is gone (or its maps cannot be read).
std::optional<std::vector<Mapping>> read_maps(int pid);

// The mapping holding `addr`, or nullptr.
const Mapping *find_mapping(const std::vector<Mapping> &maps, uint64_t addr);

}  // namespace bpfsh::symbols
