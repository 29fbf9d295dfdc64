#pragma once
// A process's mappings, from /proc/PID/maps: what turns a user address into
// (binary, file offset), and which files a process has mapped (usdt:*,
// libraries a -p process loaded). The one parser of that file.
//   line := START '-' END ' ' PERMS ' ' OFFSET ' ' DEV ' ' INODE ' '+ [PATH]
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bpfsh {

struct Mapping {
  uint64_t start = 0, end = 0;  // [start, end) in the process
  uint64_t file_offset = 0;     // of `start` in the file
  std::string path;             // " (deleted)" removed
};

// One line of the file, any kind of mapping.
struct MapsLine {
  Mapping mapping;         // path empty for anonymous memory, "[heap]" and the like
  std::string perms;       // "r-xp"
  uint64_t inode = 0;
  bool deleted = false;    // the path had " (deleted)": the file is gone or replaced
};
std::vector<MapsLine> parse_maps_lines(std::string_view text);

// Executable mappings of files (not [vdso], [heap], anonymous memory), in order.
std::vector<Mapping> parse_maps(std::string_view text);

// The text of /proc/PID/maps (under `proc`); nullopt when the process is gone.
std::optional<std::string> read_maps_text(int64_t pid, const std::string &proc = "/proc");

// nullopt when the process is gone (or its maps cannot be read).
std::optional<std::vector<Mapping>> read_maps(int pid);

// The mapping holding `addr`, or nullptr.
const Mapping *find_mapping(const std::vector<Mapping> &maps, uint64_t addr);

}  // namespace bpfsh
