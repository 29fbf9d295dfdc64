#include "runtime/metrics/exposition.h"

#include <cctype>
#include <string>

#include "runtime/output/buckets.h"
#include "runtime/output/output.h"

namespace bpfsh::runtime::metrics {

namespace {

using artifact::AggKind;
using output::int128_str;

const char *agg_word(AggKind k) {
  switch (k) {
    case AggKind::None: return "value";
    case AggKind::Count: return "count()";
    case AggKind::Sum: return "sum()";
    case AggKind::Min: return "min()";
    case AggKind::Max: return "max()";
    case AggKind::Avg: return "avg()";
    case AggKind::Stats: return "stats()";
    case AggKind::Hist: return "hist()";
    case AggKind::Lhist: return "lhist()";
    case AggKind::Tseries: return "tseries()";
  }
  return "value";
}

std::string label_name(std::string_view s) {
  std::string out;
  for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out.insert(out.begin(), '_');
  return out;
}

// A key part as the label's value: an enumerator or pointer as it prints,
// a number in decimal, a string as it is, anything else as text prints it.
std::string label_text(const Value &v) {
  switch (v.kind) {
    case Value::Kind::Int: return v.s.empty() ? std::to_string(v.i) : v.s;
    case Value::Kind::Uint: return v.s.empty() ? std::to_string(v.u) : v.s;
    case Value::Kind::Bool: return v.u ? "true" : "false";
    case Value::Kind::Str:
    case Value::Kind::Stack: return v.s;
    default: return output::render_text_value(v);
  }
}

// `key="1",key1="a"` without braces; empty for a map without a key.
std::string labels_of(const Value &key) {
  std::string out;
  auto add = [&](const std::string &name, const Value &v) {
    out += (out.empty() ? "" : ",") + name + "=\"" + escape_label(label_text(v)) + "\"";
  };
  if (key.kind == Value::Kind::None) return out;
  if (key.kind == Value::Kind::Tuple) {
    for (size_t k = 0; k < key.elems.size(); k++) add("key" + std::to_string(k), key.elems[k]);
  } else if (key.kind == Value::Kind::Record) {
    for (size_t k = 0; k < key.elems.size(); k++)
      add(k < key.frames.size() ? label_name(key.frames[k]) : "key" + std::to_string(k), key.elems[k]);
  } else {
    add("key", key);
  }
  return out;
}

std::string braces(const std::string &labels) { return labels.empty() ? "" : "{" + labels + "}"; }

// The sample's number, or empty when the value is not one.
std::string number(const Value &v) {
  switch (v.kind) {
    case Value::Kind::Int: return std::to_string(v.i);
    case Value::Kind::Uint:
    case Value::Kind::Bool: return std::to_string(v.u);
    default: return "";
  }
}

void header(std::string &out, const std::string &name, const std::string &type, const MapView &m) {
  out += "# HELP " + name + " bpftrace map " + m.spec->name + ", " + agg_word(m.spec->agg) + "\n";
  out += "# TYPE " + name + " " + type + "\n";
}

void scalars(std::string &out, const MapView &m, const std::string &name) {
  for (const auto &e : m.entries) {
    const Value *v = &e.value.scalar;
    if (m.spec->agg == AggKind::Tseries) {
      v = nullptr;
      for (const auto &p : e.value.series)
        if (p.set) v = &p.value;
      if (!v) continue;
    }
    std::string n = number(*v);
    if (!n.empty()) out += name + braces(labels_of(e.key)) + " " + n + "\n";
  }
}

void summaries(std::string &out, const MapView &m, const std::string &name) {
  for (const auto &e : m.entries) {
    std::string l = braces(labels_of(e.key));
    out += name + "_sum" + l + " " + std::to_string(e.value.total) + "\n";
    out += name + "_count" + l + " " + std::to_string(e.value.count) + "\n";
  }
}

// Cumulative buckets. A bucket holds integers [lo, hi), so its `le` is hi-1:
// the largest value in it. A hist keeps no sum: _sum adds each bucket's
// smallest value times its count, a lower bound of the true sum.
void histograms(std::string &out, const MapView &m, const std::string &name) {
  for (const auto &e : m.entries) {
    std::string l = labels_of(e.key), sep = l.empty() ? "" : ",";
    uint64_t cumulative = 0;
    __int128 sum = 0;
    for (size_t i = 0; i < e.value.buckets.size(); i++) {
      auto r = output::bucket_range(*m.spec, i);
      uint64_t n = e.value.buckets[i];
      cumulative += n;
      sum += (r.has_lo ? r.lo : r.hi - 1) * __int128(n);
      if (!r.has_hi) continue;  // lhist's last bucket: only +Inf bounds it
      out += name + "_bucket{" + l + sep + "le=\"" + int128_str(r.hi - 1) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += name + "_bucket{" + l + sep + "le=\"+Inf\"} " + std::to_string(cumulative) + "\n";
    out += name + "_sum" + braces(l) + " " + int128_str(sum) + "\n";
    out += name + "_count" + braces(l) + " " + std::to_string(cumulative) + "\n";
  }
}

void render_map(std::string &out, const MapView &m) {
  std::string name = metric_name(m.spec->name);
  switch (m.spec->agg) {
    case AggKind::Count:
      header(out, name + "_total", "counter", m);
      return scalars(out, m, name + "_total");
    case AggKind::Sum:
      if (!m.spec->value_signed) {  // a counter never goes down
        header(out, name + "_total", "counter", m);
        return scalars(out, m, name + "_total");
      }
      break;
    case AggKind::Avg:
    case AggKind::Stats:
      header(out, name, "summary", m);
      return summaries(out, m, name);
    case AggKind::Hist:
    case AggKind::Lhist:
      header(out, name, "histogram", m);
      return histograms(out, m, name);
    default:
      break;
  }
  header(out, name, "gauge", m);
  scalars(out, m, name);
}

}  // namespace

std::string metric_name(std::string_view map_name) {
  std::string_view bare = map_name.starts_with("@") ? map_name.substr(1) : map_name;
  std::string out = "bpfsh_";
  if (bare.empty()) return out + "map";
  for (char c : bare) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  return out;
}

std::string escape_label(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string render_exposition(const Scrape &s) {
  std::string out;
  for (const auto &m : s.maps) render_map(out, m);
  out += "# HELP bpfsh_lost_events_total Events the kernel dropped because the event buffer was full.\n";
  out += "# TYPE bpfsh_lost_events_total counter\n";
  out += "bpfsh_lost_events_total " + std::to_string(s.lost_events) + "\n";
  if (s.probes.empty()) return out;
  out += "# HELP bpfsh_probe_hits_total Times each probe's program ran.\n";
  out += "# TYPE bpfsh_probe_hits_total counter\n";
  for (const auto &p : s.probes)
    out += "bpfsh_probe_hits_total{probe=\"" + escape_label(p.probe) + "\"} " + std::to_string(p.hits) + "\n";
  return out;
}

}  // namespace bpfsh::runtime::metrics
