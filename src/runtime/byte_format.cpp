#include "runtime/byte_format.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>

namespace bpfsh::runtime {

std::string format_buffer(const uint8_t *p, size_t n, BufferStyle style) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 4);
  for (size_t i = 0; i < n; i++) {
    uint8_t c = p[i];
    if (style == BufferStyle::Escaped && c >= 32 && c <= 126) {
      out += static_cast<char>(c);
      continue;
    }
    if (style == BufferStyle::Hex) {
      if (i) out += ' ';
    } else {
      out += "\\x";
    }
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::string format_buffer_value(const uint8_t *p, uint32_t capacity, BufferStyle style) {
  uint64_t len = 0;
  std::memcpy(&len, p, 8);
  return format_buffer(p + 8, std::min<uint64_t>(len, capacity), style);
}

std::string format_macaddr(const uint8_t *p) {
  char text[18];
  std::snprintf(text, sizeof text, "%02X:%02X:%02X:%02X:%02X:%02X", p[0], p[1], p[2], p[3], p[4], p[5]);
  return text;
}

// /etc/passwd read directly: the binary is static, where glibc's NSS
// lookups (getpwuid) warn and may load nothing. Events name the same few
// users over and over, so each is looked up once.
std::string username_of(uint64_t uid) {
  static std::map<uint64_t, std::string> cache;
  auto it = cache.find(uid);
  if (it != cache.end()) return it->second;
  std::string name = std::to_string(uid);
  std::ifstream passwd("/etc/passwd");
  for (std::string line; std::getline(passwd, line);) {
    // name:password:uid:...
    size_t a = line.find(':'), b = a == std::string::npos ? a : line.find(':', a + 1);
    if (b == std::string::npos) continue;
    size_t c = line.find(':', b + 1);
    if (line.substr(b + 1, c - b - 1) == std::to_string(uid)) {
      name = line.substr(0, a);
      break;
    }
  }
  return cache.emplace(uid, name).first->second;
}

}  // namespace bpfsh::runtime
