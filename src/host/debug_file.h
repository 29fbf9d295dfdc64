#pragma once
// Where a binary's DWARF is: in the binary itself, or, for a stripped one,
// in the separate debug file its .gnu_debuglink names (beside it, in its
// .debug folder, under a debug directory by the binary's own folder, or in
// a debug directory itself), or
// under a debug directory by its build id (.build-id/xx/rest.debug), as gdb
// looks for them.
#include <optional>
#include <string>
#include <vector>

namespace bpfsh::host {

// The file to read `path`'s DWARF from; nullopt, with the reason in `why`,
// when neither it nor any debug file it names has a .debug_info section.
std::optional<std::string> find_debug_file(const std::string &path, const std::vector<std::string> &debug_dirs,
                                           std::string &why);

}  // namespace bpfsh::host
