#include "runtime/libbpf_log.h"

#include <bpf/libbpf.h>

#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <mutex>

namespace bpfsh::runtime {

namespace {

constexpr size_t kKeep = 8u << 20;  // a verifier log can be megabytes; keep its tail

std::mutex g_mu;
std::string g_captured;
std::atomic<bool> g_verbose{false};

int on_libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args) {
  if (level == LIBBPF_DEBUG && !g_verbose.load()) return 0;
  va_list copy;
  va_copy(copy, args);
  int n = std::vsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  if (n <= 0) return 0;
  std::string msg(size_t(n) + 1, '\0');
  std::vsnprintf(msg.data(), msg.size(), fmt, args);
  msg.resize(size_t(n));
  if (g_verbose.load()) std::fputs(msg.c_str(), stderr);
  std::lock_guard lock(g_mu);
  g_captured += msg;
  if (g_captured.size() > kKeep) g_captured.erase(0, g_captured.size() - kKeep);
  return n;
}

}  // namespace

void libbpf_log_init(bool verbose) {
  g_verbose = verbose;
  libbpf_set_print(on_libbpf_print);
}

std::string libbpf_log_take() {
  std::lock_guard lock(g_mu);
  std::string out;
  out.swap(g_captured);
  return out;
}

}  // namespace bpfsh::runtime
