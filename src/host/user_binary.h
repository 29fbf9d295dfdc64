#pragma once
// User-space binaries as uprobe and usdt attach points name them: a path,
// a program on PATH, or a library by name ("libc", "c", "libc.so.6") found
// the way the dynamic loader finds it (ld.so.cache, then standard paths).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bpfsh::host {

// The binary's path, or nullopt when nothing by that name exists. With a
// pid, a library the process has mapped wins.
std::optional<std::string> resolve_user_binary(const std::string &name, int64_t pid = 0);

// The files a binary pattern with wildcards names: with a pid, those the
// process maps whose path matches (a bare "*" all of them); without, the
// regular files the pattern globs to. Each once, as absolute paths.
std::vector<std::string> matching_user_binaries(const std::string &pattern, int64_t pid = 0);

// Every library ld.so.cache knows for x86-64: soname -> path, in file order.
std::vector<std::pair<std::string, std::string>> ld_cache_entries(const std::string &cache = "/etc/ld.so.cache");

}  // namespace bpfsh::host
