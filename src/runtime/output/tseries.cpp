#include "runtime/output/tseries.h"

#include <ctime>

#include "runtime/output/buckets.h"
#include "runtime/output/output.h"

namespace bpfsh::runtime::output {

namespace {

constexpr int kWidth = 53;    // the chart's columns, its two borders included
constexpr int kPadding = 21;  // the column the minimum is printed in, left-aligned

__int128 num(const Value &v) { return v.kind == Value::Kind::Int ? __int128(v.i) : __int128(v.u); }

// The fraction of a second a row's time shows: what the interval is a whole
// number of (none for whole seconds), with its digits.
struct TimeUnit {
  const char *name;
  int digits;
  uint64_t per;
};

TimeUnit time_unit(uint64_t interval) {
  if (interval % 1000000000 == 0) return {"", 0, 1};
  if (interval % 1000000 == 0) return {"ms", 3, 1000000};
  if (interval % 1000 == 0) return {"us", 6, 1000};
  return {"ns", 9, 1};
}

// CLOCK_TAI runs ahead of the wall clock by the TAI offset the kernel was
// given (0 when none was).
timespec tai_to_wall(uint64_t tai_ns) {
  timespec tai{}, real{};
  clock_gettime(CLOCK_TAI, &tai);
  clock_gettime(CLOCK_REALTIME, &real);
  int64_t offset = (int64_t(tai.tv_sec) - real.tv_sec) * 1000000000 + (tai.tv_nsec - real.tv_nsec);
  offset = (offset + 500000000) / 1000000000 * 1000000000;  // whole seconds
  int64_t ns = int64_t(tai_ns) - offset;
  return timespec{.tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000};
}

std::string row_time(uint64_t tai_ns, TimeUnit u) {
  timespec wall = tai_to_wall(tai_ns);
  std::tm tm{};
  localtime_r(&wall.tv_sec, &tm);
  char buf[32];
  size_t n = std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
  if (u.digits) std::snprintf(buf + n, sizeof buf - n, ".%0*llu", u.digits,
                              static_cast<unsigned long long>(uint64_t(wall.tv_nsec) / u.per));
  return buf;
}

std::string pad(std::string s, size_t width, bool left) {
  if (s.size() >= width) return s;
  return left ? s + std::string(width - s.size(), ' ') : std::string(width - s.size(), ' ') + s;
}

// The min/max line: under the chart's first column, then right-aligned at its last.
std::string bounds_line(size_t indent, const Value &lo, const Value &hi) {
  return std::string(indent, ' ') + pad(render_text_value(lo), kPadding, true) +
         pad(render_text_value(hi), kWidth - kPadding, false) + "\n";
}

Value shifted(const Value &v, int by) {
  if (v.kind == Value::Kind::Int) {
    if ((by < 0 && v.i == INT64_MIN) || (by > 0 && v.i == INT64_MAX)) return v;
    return Value::of_int(v.i + by);
  }
  if ((by < 0 && v.u == 0) || (by > 0 && v.u == UINT64_MAX)) return v;
  return Value::of_uint(v.u + by);
}

}  // namespace

std::string tseries_chart(const artifact::MapSpec &spec, const std::vector<TsPoint> &series) {
  const Value *lo = nullptr, *hi = nullptr;
  for (const auto &p : series) {
    if (!p.set) continue;
    if (!lo || num(p.value) < num(*lo)) lo = &p.value;
    if (!hi || num(p.value) > num(*hi)) hi = &p.value;
  }
  if (!lo) return "<no data>\n";
  Value min = *lo, max = *hi;
  if (num(min) == num(max)) {  // room on both sides of a flat line
    min = shifted(min, -1);
    max = shifted(max, 1);
  }
  TimeUnit unit = time_unit(spec.tseries_interval);
  std::string fmt = std::string("hh:mm:ss") + (unit.digits ? std::string(".") + unit.name : "");
  size_t time_size = 8 + (unit.digits ? 1 + unit.digits : 0);
  std::string out = bounds_line(time_size + 1, min, max);
  out += pad(fmt, time_size + 1, true) + "|" + std::string(kWidth - 2, '_') + "|\n";
  __int128 range = num(max) - num(min);
  int zero = 0;
  if (num(min) < 0 && num(max) > 0) zero = int(float(kWidth) * float(-num(min)) / float(range));
  for (const auto &p : series) {
    std::string line(kWidth, ' ');
    line[0] = line[kWidth - 1] = '|';
    if (zero > 0) line[size_t(zero)] = '.';
    out += row_time(p.epoch * spec.tseries_interval, unit) + " ";
    if (!p.set) {
      out += line + " -\n";
      continue;
    }
    int at = kWidth / 2;
    if (range != 0) at = int(float(kWidth - 1) * float(num(p.value) - num(min)) / float(range));
    line[size_t(std::max(0, std::min(kWidth - 1, at)))] = '*';
    out += line + " " + render_text_value(p.value) + "\n";
  }
  std::string bottom(kWidth, '_');
  bottom[0] = bottom[kWidth - 1] = 'v';
  out += std::string(time_size, ' ') + " " + bottom + "\n";
  return out + bounds_line(time_size + 1, min, max);
}

std::string tseries_json(const artifact::MapSpec &spec, const std::vector<TsPoint> &series,
                         std::string (*json_value)(const Value &)) {
  std::string out = "[";
  for (size_t i = 0; i < series.size(); i++) {
    const auto &p = series[i];
    timespec wall = tai_to_wall(p.epoch * spec.tseries_interval);
    std::tm tm{};
    gmtime_r(&wall.tv_sec, &tm);
    char buf[64];
    size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    std::snprintf(buf + n, sizeof buf - n, ".%09ld", static_cast<long>(wall.tv_nsec));
    out += std::string(i ? "," : "") + "{\"interval_start\":\"" + buf + "\",\"value\":" +
           (p.set ? json_value(p.value) : "null") + "}";
  }
  return out + "]";
}

}  // namespace bpfsh::runtime::output
