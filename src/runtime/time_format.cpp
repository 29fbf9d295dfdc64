#include "runtime/time_format.h"

#include <cstdio>

namespace bpfsh::runtime {

std::string format_time(const std::string &fmt, const timespec &when) {
  // %f first: strftime would keep it as it is, or reject it.
  std::string f;
  for (size_t i = 0; i < fmt.size(); i++) {
    if (fmt[i] == '%' && i + 1 < fmt.size() && fmt[i + 1] == 'f') {
      char us[8];
      std::snprintf(us, sizeof us, "%06ld", static_cast<long>(when.tv_nsec / 1000));
      f += us;
      i++;
    } else if (fmt[i] == '%' && i + 1 < fmt.size()) {
      f += fmt.substr(i, 2);
      i++;
    } else {
      f += fmt[i];
    }
  }
  tm local{};
  time_t secs = when.tv_sec;
  localtime_r(&secs, &local);
  // strftime returns 0 both for an empty result and for a too small buffer.
  for (size_t cap = 64 + f.size() * 4; cap <= (1u << 20); cap *= 4) {
    std::string out(cap, '\0');
    size_t n = std::strftime(out.data(), cap, f.c_str(), &local);
    if (n > 0 || f.empty()) {
      out.resize(n);
      return out;
    }
  }
  return "";
}

timespec monotonic_to_wall(uint64_t ns) {
  timespec real{}, mono{};
  clock_gettime(CLOCK_REALTIME, &real);
  clock_gettime(CLOCK_MONOTONIC, &mono);
  __int128 offset = (__int128)real.tv_sec * 1000000000 + real.tv_nsec - ((__int128)mono.tv_sec * 1000000000 + mono.tv_nsec);
  __int128 wall = offset + ns;
  if (wall < 0) wall = 0;
  return timespec{time_t(wall / 1000000000), long(wall % 1000000000)};
}

timespec wall_now() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return ts;
}

}  // namespace bpfsh::runtime
