#pragma once
// User-space binaries as uprobe and usdt attach points name them: a path,
// a program on PATH, or a library by name ("libc", "c", "libc.so.6") found
// the way the dynamic loader finds it (ld.so.cache, then standard paths).
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace bpfsh::sema {

// The binary's path, or nullopt when nothing by that name exists. With a
// pid, a library the process has mapped wins.
std::optional<std::string> resolve_user_binary(const std::string &name, int64_t pid = 0);

// Every library ld.so.cache knows for x86-64: soname -> path, in file order.
std::vector<std::pair<std::string, std::string>> ld_cache_entries(const std::string &cache = "/etc/ld.so.cache");

// Names of the functions the ELF file defines (.symtab and .dynsym,
// STT_FUNC and STT_GNU_IFUNC).
std::set<std::string> function_symbols(const std::string &path);

// The link-time address of the function or object `name`; nullopt when the
// file defines no such symbol.
std::optional<uint64_t> symbol_address(const std::string &path, const std::string &name);

// The file offset of link-time address `vaddr` (through the PT_LOAD
// segments); nullopt when no segment holds it.
std::optional<uint64_t> file_offset_of(const std::string &path, uint64_t vaddr);

}  // namespace bpfsh::sema
