#pragma once
// Source-line uprobes (uprobe:BIN@FILE:LINE[:COL]): the addresses a line of
// the binary's source starts at, from its DWARF line table.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bpfsh::host {

// Every link-time address where code of FILE's line LINE (at column COL,
// when not 0) begins: the line may be compiled to several places (a loop's
// test, an unrolled or duplicated block), and each place entered from
// another line is one address. FILE matches any source path it ends
// (component by component). nullopt, with bpftrace's reason in `why`, when
// no unit has FILE, two different files match it, or the line has no code.
std::optional<std::vector<uint64_t>> source_line_addresses(const std::string &debug_file, const std::string &file,
                                                           uint64_t line, uint64_t column, std::string &why);

}  // namespace bpfsh::host
