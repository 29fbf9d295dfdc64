#pragma once
// pton(): an IP address written as text, turned into the bytes the kernel
// stores (network byte order) while the script compiles.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace bpfsh::sema {

// The family follows from the text, as upstream: a ':' makes it IPv6 (16
// bytes), else a '.' IPv4 (4 bytes). Upstream looks for '.' first and so
// rejects an IPv4-mapped IPv6 address ("::ffff:1.2.3.4"); here it is IPv6.
// On failure, the reason (the tail of a message naming pton()).
std::variant<std::vector<uint8_t>, std::string> parse_ip_address(const std::string &text);

}  // namespace bpfsh::sema
