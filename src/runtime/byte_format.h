#pragma once
// Text forms of byte values the BPF side hands over raw: buf() buffers,
// macaddr() addresses, username's uid.
#include <cstddef>
#include <cstdint>
#include <string>

namespace bpfsh::runtime {

// How a buffer prints: %r keeps printable ASCII and escapes the rest as
// \xNN; %rx escapes every byte; %rh writes every byte as two hex digits,
// space-separated (bpftrace's three forms).
enum class BufferStyle { Escaped, EscapedAll, Hex };
std::string format_buffer(const uint8_t *p, size_t n, BufferStyle style);

// A buf() value on the wire: u64 length, then the bytes (at most `capacity`).
std::string format_buffer_value(const uint8_t *p, uint32_t capacity, BufferStyle style);

// "AA:BB:CC:DD:EE:FF", upper case as bpftrace prints it.
std::string format_macaddr(const uint8_t *p);

// The user's name from the password database, or the uid as a number.
std::string username_of(uint64_t uid);

}  // namespace bpfsh::runtime
