#include <nlohmann/json.hpp>

#include "runtime/output/buckets.h"
#include "runtime/output/output.h"

namespace bpfsh::runtime::output {

namespace {

using codegen::AggKind;

// Json strings: escaped by nlohmann; bytes that are not UTF-8 become U+FFFD.
std::string quote(std::string_view s) {
  return nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

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

std::string hist_json(const codegen::MapSpec &spec, const std::vector<uint64_t> &b) {
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

std::string entry_json(const codegen::MapSpec &spec, const MapEntry &e, uint64_t div) {
  switch (spec.agg) {
    case AggKind::Hist:
    case AggKind::Lhist:
      return hist_json(spec, e.value.buckets);
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

const char *map_type(AggKind agg) {
  if (agg == AggKind::Stats) return "stats";
  if (agg == AggKind::Hist || agg == AggKind::Lhist) return "hist";
  return "map";
}

std::string line(const char *type, const std::string &data) {
  return std::string("{\"type\": \"") + type + "\", \"data\": " + data + "}\n";
}

}  // namespace

std::string render_json_value(const Value &v) { return line("value", json_value(v)); }
std::string render_json_printf(std::string_view text) { return line("printf", quote(text)); }
std::string render_json_cat(std::string_view text) { return line("cat", quote(text)); }
std::string render_json_attached(size_t n) {
  return line("attached_probes", "{\"probes\": " + std::to_string(n) + "}");
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
};

}  // namespace

std::unique_ptr<Output> make_json_output(std::FILE *out) { return std::make_unique<JsonOutput>(out); }

std::unique_ptr<Output> make_text_output(std::FILE *out, bool folded_stacks);

std::unique_ptr<Output> make_output(Format f, std::FILE *out, bool folded_stacks) {
  return f == Format::Json ? make_json_output(out) : make_text_output(out, folded_stacks);
}

}  // namespace bpfsh::runtime::output
