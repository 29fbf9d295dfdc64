#pragma once
// A 64-bit value at a byte offset of a buffer the kernel filled (a map
// value, a stack, an event), read without alignment assumptions.
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace bpfsh::runtime {

inline uint64_t u64_at(const uint8_t *p, size_t off) {
  uint64_t v;
  std::memcpy(&v, p + off, 8);
  return v;
}

}  // namespace bpfsh::runtime
