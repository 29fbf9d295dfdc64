#pragma once
// A FILE* for code under test to write into, read back as a string.
#include <cstdio>
#include <cstdlib>
#include <string>

namespace bpfsh::testing {

struct Capture {
  char *buf = nullptr;
  size_t len = 0;
  std::FILE *f = open_memstream(&buf, &len);
  ~Capture() {
    if (f) std::fclose(f);
    std::free(buf);
  }
  Capture() = default;
  Capture(const Capture &) = delete;
  Capture &operator=(const Capture &) = delete;

  // Everything written so far.
  std::string text() {
    std::fflush(f);
    return std::string(buf, len);
  }
  // Everything written since the last take(), then starts afresh.
  std::string take() {
    std::string s = text();
    std::rewind(f);
    len = 0;
    return s;
  }
};

}  // namespace bpfsh::testing
