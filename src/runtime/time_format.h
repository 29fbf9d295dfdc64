#pragma once
// Wall-clock times as time() and strftime() print them: strftime(3) in the
// local time zone, plus bpftrace's %f, the microseconds of the second.
#include <cstdint>
#include <ctime>
#include <string>

namespace bpfsh::runtime {

std::string format_time(const std::string &fmt, const timespec &when);

// Now, on the wall clock.
timespec wall_now();

// The wall-clock time of a CLOCK_MONOTONIC reading (bpf_ktime_get_ns, nsecs).
timespec monotonic_to_wall(uint64_t ns);

}  // namespace bpfsh::runtime
