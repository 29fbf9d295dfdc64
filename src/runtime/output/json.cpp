#include <cstdio>

#include "runtime/output/buckets.h"
#include "runtime/output/output.h"
#include "runtime/output/tseries.h"

namespace bpfsh::runtime::output {

namespace {

using artifact::AggKind;

// Length of the well-formed UTF-8 sequence at s[i], or 0 when it is not one.
size_t utf8_length(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; k++)
    if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return 0;
  auto c1 = static_cast<unsigned char>(s[i + 1]);
  if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0) || (c == 0xf0 && c1 < 0x90) ||
      (c == 0xf4 && c1 >= 0x90))
    return 0;  // overlong, surrogate, or past U+10FFFF
  return n;
}

std::string quote(std::string_view s) { return json_quote(s); }

// A number a double cannot hold exactly is written as a string (RFC 8259).
std::string number(__int128 v) {
  std::string s = int128_str(v);
  double d = double(v);
  bool exact = d >= -9.3e18 && d <= 1.85e19 && __int128(d) == v;
  return exact ? s : quote(s);
}

std::string json_value(const Value &v) {
  switch (v.kind) {
    case Value::Kind::Int: return number(v.i);
    case Value::Kind::Uint: return number(v.u);
    case Value::Kind::Bool: return v.u ? "true" : "false";
    case Value::Kind::Str: return quote(v.s);
    case Value::Kind::Stack: return quote(v.s);
    case Value::Kind::Tuple: {
      std::string s = "[";
      for (size_t k = 0; k < v.elems.size(); k++) s += (k ? "," : "") + json_value(v.elems[k]);
      return s + "]";
    }
    case Value::Kind::Array: {  // unspaced, as tuples
      std::string s = "[";
      for (size_t k = 0; k < v.elems.size(); k++) s += (k ? "," : "") + json_value(v.elems[k]);
      return s + "]";
    }
    case Value::Kind::Record: {  // an object, spaced as bpftrace spaces objects
      std::string s = "{";
      for (size_t k = 0; k < v.elems.size(); k++)
        s += (k ? ", " : "") + quote(v.frames[k]) + ": " + json_value(v.elems[k]);
      return s + "}";
    }
    case Value::Kind::None: break;
  }
  return "null";
}

// Keys are strings; a tuple's "(1, a)" becomes "1,a".
std::string json_key(const Value &key) {
  std::string s = render_text_value(key);
  if (key.kind == Value::Kind::Tuple) {
    if (s.size() >= 2) s = s.substr(1, s.size() - 2);
    std::erase(s, ' ');
  }
  return quote(s);
}

Value divided(const Value &v, uint64_t div) {
  if (div == 0) return v;
  if (v.kind == Value::Kind::Int) return Value::of_int(v.i / int64_t(div));
  if (v.kind == Value::Kind::Uint) return Value::of_uint(v.u / div);
  return v;
}

std::string hist_json(const artifact::MapSpec &spec, const std::vector<uint64_t> &b) {
  auto [first, last] = nonzero_span(b);
  std::string s = "[";
  for (size_t i = first; i <= last && i < b.size(); i++) {
    BucketRange r = bucket_range(spec, i);
    s += i == first ? "{" : ",{";
    if (r.has_lo) s += "\"min\": " + number(r.lo) + ", ";
    if (r.has_hi) s += "\"max\": " + number(r.hi - 1) + ", ";
    s += "\"count\": " + number(b[i]) + "}";
  }
  return s + "]";
}

std::string entry_json(const artifact::MapSpec &spec, const MapEntry &e, uint64_t div) {
  switch (spec.agg) {
    case AggKind::Hist:
    case AggKind::Lhist:
      return hist_json(spec, e.value.buckets);
    case AggKind::Tseries:
      return tseries_json(spec, e.value.series, &json_value);
    case AggKind::Avg:
      return json_value(divided(average(spec, e.value), div));
    case AggKind::Stats:
      return "{\"count\": " + number(e.value.count) +
             ", \"average\": " + json_value(divided(average(spec, e.value), div)) +
             ", \"total\": " + (spec.value_signed ? number(e.value.total) : number(uint64_t(e.value.total))) + "}";
    default:
      return json_value(divided(e.value.scalar, div));
  }
}

// avg maps are "stats" too, as bpftrace types them.
const char *map_type(AggKind agg) {
  if (agg == AggKind::Stats || agg == AggKind::Avg) return "stats";
  if (agg == AggKind::Hist || agg == AggKind::Lhist) return "hist";
  if (agg == AggKind::Tseries) return "tseries";
  return "map";
}

std::string line(const char *type, const std::string &data) {
  return std::string("{\"type\": \"") + type + "\", \"data\": " + data + "}\n";
}

// errorf/warnf/helper errors end with where the call is.
std::string located(const RuntimeMessage &m) {
  return ", \"filename\": " + quote(m.filename) + ", \"line\": " + std::to_string(m.line) +
         ", \"col\": " + std::to_string(m.col) + "}\n";
}

}  // namespace

std::string json_quote(std::string_view s) {
  std::string out = "\"";
  out.reserve(s.size() + 2);
  for (size_t i = 0; i < s.size(); i++) {
    auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      default: break;
    }
    if (c < 0x20) {
      char u[8];
      std::snprintf(u, sizeof u, "\\u%04x", c);
      out += u;
    } else if (c < 0x80) {
      out += char(c);
    } else if (size_t n = utf8_length(s, i)) {
      out.append(s.substr(i, n));
      i += n - 1;
    } else {
      out += "\xef\xbf\xbd";  // U+FFFD
    }
  }
  return out + "\"";
}

std::string render_json_value(const Value &v) { return line("value", json_value(v)); }
std::string render_json_printf(std::string_view text) { return line("printf", quote(text)); }
std::string render_json_cat(std::string_view text) { return line("cat", quote(text)); }
// attached_probes and lost_events carry their number twice: "count" as
// bpftrace v0.26 added it, "data" as parsers of older versions read it.
std::string render_json_attached(size_t n) {
  std::string c = std::to_string(n);
  return "{\"type\": \"attached_probes\", \"count\": " + c + ", \"data\": {\"probes\": " + c + "}}\n";
}
std::string render_json_lost(uint64_t n) {
  std::string c = std::to_string(n);
  return "{\"type\": \"lost_events\", \"count\": " + c + ", \"data\": {\"events\": " + c + "}}\n";
}
std::string render_json_lost_total(uint64_t n) {
  std::string c = std::to_string(n);
  return "{\"type\": \"total_lost_events\", \"count\": " + c + ", \"data\": {\"events\": " + c + "}}\n";
}
std::string render_json_time(std::string_view text) { return line("time", quote(text)); }
std::string render_json_join(std::string_view text) { return line("join", quote(text)); }
std::string render_json_syscall(std::string_view text) { return line("syscall", quote(text)); }

std::string render_json_message(const RuntimeMessage &m) {
  using K = RuntimeMessage::Kind;
  if (m.kind == K::HelperError)
    return "{\"type\": \"helper_error\", \"msg\": " + quote(m.msg) + ", \"helper\": " + quote(m.helper) +
           ", \"retcode\": " + std::to_string(m.retcode) + located(m);
  return std::string("{\"type\": \"") + (m.kind == K::Errorf ? "errorf" : "warnf") + "\", \"msg\": " +
         quote(m.msg) + located(m);
}

std::string render_json_map(MapView m, uint64_t top, uint64_t div) {
  if (m.entries.empty() || !m.spec) return "";
  prepare_for_print(m, top);
  const auto &spec = *m.spec;
  std::string data = "{" + quote(spec.name) + ": ";
  if (m.entries.size() == 1 && m.entries[0].key.kind == Value::Kind::None) {
    data += entry_json(spec, m.entries[0], div);
  } else {
    data += "{";
    for (size_t k = 0; k < m.entries.size(); k++) {
      const auto &e = m.entries[k];
      data += (k ? ", " : "") + json_key(e.key) + ": " + entry_json(spec, e, div);
    }
    data += "}";
  }
  return line(map_type(spec.agg), data + "}");
}

namespace {

class JsonOutput final : public Output {
 public:
  using Output::Output;
  void printf(std::string_view text) override { write(render_json_printf(text)); }
  void map(MapView m, uint64_t top, uint64_t div) override { write(render_json_map(std::move(m), top, div)); }
  void value(const Value &v) override { write(render_json_value(v)); }
  void cat(std::string_view text) override { write(render_json_cat(text)); }
  void attached_probes(size_t n) override { write(render_json_attached(n)); }
  void time(std::string_view text) override { write(render_json_time(text)); }
  void join(std::string_view text) override { write(render_json_join(text)); }
  void syscall(std::string_view text) override { write(render_json_syscall(text)); }
  void lost_events(uint64_t n) override { write(render_json_lost(n)); }
  // bpftrace warns on stderr whatever the format; the record is for readers of the output.
  void lost_events_total(uint64_t n) override {
    write(render_json_lost_total(n));
    flush();
    std::fprintf(stderr, "WARNING: %s\n", lost_total_text(n).c_str());
  }
  void message(const RuntimeMessage &m) override { write(render_json_message(m)); }
  void end() override {}
};

}  // namespace

std::unique_ptr<Output> make_json_output(std::FILE *out) { return std::make_unique<JsonOutput>(out); }

std::unique_ptr<Output> make_text_output(std::FILE *out, bool folded_stacks);

std::unique_ptr<Output> make_output(Format f, std::FILE *out, bool folded_stacks) {
  return f == Format::Json ? make_json_output(out) : make_text_output(out, folded_stacks);
}

}  // namespace bpfsh::runtime::output
