#include <charconv>
#include <cstring>

#include "runtime/output/buckets.h"
#include "runtime/output/output.h"
#include "runtime/output/tseries.h"

namespace bpfsh::runtime::output {

namespace {

using artifact::AggKind;

constexpr int kBarWidth = 52;

// Appends without temporaries: a 100k-key map is 100k of these.
void append_value(std::string &out, const Value &v) {
  char num[24];
  switch (v.kind) {
    case Value::Kind::Int:
      if (!v.s.empty()) return void(out += v.s);  // an enumerator's name
      out.append(num, std::to_chars(num, num + sizeof num, v.i).ptr);
      return;
    case Value::Kind::Uint:
      if (!v.s.empty()) return void(out += v.s);  // an enumerator, a pointer
      out.append(num, std::to_chars(num, num + sizeof num, v.u).ptr);
      return;
    case Value::Kind::Record:  // bpftrace's `{ .a = 1, .b = x }`, `{}` when empty
      if (v.elems.empty()) return void(out += "{}");
      out += "{ ";
      for (size_t k = 0; k < v.elems.size(); k++) {
        if (k) out += ", ";
        out += '.';
        out += v.frames[k];
        out += " = ";
        append_value(out, v.elems[k]);
      }
      out += " }";
      return;
    case Value::Kind::Array:  // `[1,2,3]`: arrays, unlike tuples, are unspaced
      out += '[';
      for (size_t k = 0; k < v.elems.size(); k++) {
        if (k) out += ',';
        append_value(out, v.elems[k]);
      }
      out += ']';
      return;
    case Value::Kind::Bool: out += v.u ? "true" : "false"; return;
    case Value::Kind::Str: out += v.s; return;
    case Value::Kind::Stack: out += v.s; return;
    case Value::Kind::Tuple:
      out += '(';
      for (size_t k = 0; k < v.elems.size(); k++) {
        if (k) out += ", ";
        append_value(out, v.elems[k]);
      }
      out += ')';
      return;
    case Value::Kind::None: return;
  }
}

// "@m" or "@m[key]"; a tuple key's elements are joined by ", " without parentheses.
void append_header(std::string &out, const MapView &m, const MapEntry &e) {
  out += m.spec->name;
  if (e.key.kind == Value::Kind::None) return;
  out += '[';
  if (e.key.kind == Value::Kind::Tuple) {
    for (size_t k = 0; k < e.key.elems.size(); k++) {
      if (k) out += ", ";
      append_value(out, e.key.elems[k]);
    }
  } else {
    append_value(out, e.key);
  }
  out += ']';
}

Value divided(const Value &v, uint64_t div) {
  if (div == 0) return v;
  if (v.kind == Value::Kind::Int) return Value::of_int(v.i / int64_t(div));
  if (v.kind == Value::Kind::Uint) return Value::of_uint(v.u / div);
  return v;
}

std::string bucket_label(const artifact::MapSpec &spec, size_t i) {
  BucketRange r = bucket_range(spec, i);
  auto num = [&](__int128 v, const std::string &label) { return label.empty() ? int128_str(v) : label; };
  if (!r.has_lo) return "(..., " + int128_str(r.hi) + ")";
  if (!r.has_hi) return "[" + int128_str(r.lo) + ", ...)";
  if (r.single) return "[" + int128_str(r.lo) + "]";
  return "[" + num(r.lo, r.lo_label) + ", " + num(r.hi, r.hi_label) + ")";
}

// One row: label left in 16, count right in 8, then the bar in 52.
void hist_row(std::string &out, const std::string &label, uint64_t count, uint64_t max) {
  auto bar = size_t((unsigned __int128)count * kBarWidth / (max ? max : 1));
  char head[64];
  std::snprintf(head, sizeof head, "%-16s%8llu |", label.c_str(), static_cast<unsigned long long>(count));
  out += head;
  out.append(bar, '@');
  out.append(size_t(kBarWidth) - bar, ' ');
  out += "|\n";
}

void hist_block(std::string &out, const MapView &m, const MapEntry &e) {
  const auto &b = e.value.buckets;
  auto [first, last] = nonzero_span(b);
  append_header(out, m, e);
  out += ":\n";
  uint64_t max = 0;
  for (size_t i = first; i <= last && i < b.size(); i++) max = std::max(max, b[i]);
  for (size_t i = first; i <= last && i < b.size(); i++) hist_row(out, bucket_label(*m.spec, i), b[i], max);
  out += "\n";
}

void append_entry_value(std::string &out, const MapView &m, const MapEntry &e, uint64_t div) {
  const auto &spec = *m.spec;
  if (spec.agg == AggKind::Avg) return append_value(out, divided(average(spec, e.value), div));
  if (spec.agg == AggKind::Stats) {
    out += "{ .count = " + std::to_string(e.value.count) + ", .average = ";
    append_value(out, divided(average(spec, e.value), div));
    out += ", .total = " +
           (spec.value_signed ? std::to_string(e.value.total) : std::to_string(uint64_t(e.value.total))) + " }";
    return;
  }
  if (div == 0) return append_value(out, e.value.scalar);
  append_value(out, divided(e.value.scalar, div));
}

}  // namespace

std::string render_text_value(const Value &v) {
  std::string s;
  append_value(s, v);
  return s;
}

std::string render_text_map(MapView m, uint64_t top, uint64_t div) {
  if (m.entries.empty() || !m.spec) return "";
  prepare_for_print(m, top);
  std::string out;
  bool hist = m.spec->agg == AggKind::Hist || m.spec->agg == AggKind::Lhist;
  if (!hist) out.reserve(m.entries.size() * (m.spec->name.size() + 24));
  for (const auto &e : m.entries) {
    if (hist) {
      hist_block(out, m, e);
      continue;
    }
    if (m.spec->agg == AggKind::Tseries) {
      append_header(out, m, e);
      out += ":\n" + tseries_chart(*m.spec, e.value.series) + "\n";
      continue;
    }
    append_header(out, m, e);
    out += ": ";
    append_entry_value(out, m, e, div);
    out += '\n';
  }
  return out;
}

namespace {

class TextOutput final : public Output {
 public:
  TextOutput(std::FILE *out, bool folded_stacks) : Output(out), folded_(folded_stacks) {}
  void printf(std::string_view text) override { write(text); }
  void map(MapView m, uint64_t top, uint64_t div) override {
    if (folded_ && m.spec && is_foldable(*m.spec))
      write(render_folded_map(std::move(m), top, div));
    else
      write(render_text_map(std::move(m), top, div));
  }
  void value(const Value &v) override { write(render_text_value(v) + "\n"); }
  void cat(std::string_view text) override { write(text); }
  void attached_probes(size_t) override {}  // text announces on stderr instead
  void time(std::string_view text) override { write(text); }
  void join(std::string_view text) override {
    write(text);
    write("\n");
  }
  void syscall(std::string_view text) override { write(text); }
  // Messages go to stderr, after the output they follow.
  void lost_events(uint64_t n) override {
    flush();
    std::fprintf(stderr, "Lost %llu events\n", static_cast<unsigned long long>(n));
  }
  void lost_events_total(uint64_t n) override {
    flush();
    std::fprintf(stderr, "WARNING: %s\n", lost_total_text(n).c_str());
  }
  void message(const RuntimeMessage &m) override {
    flush();
    std::fputs(m.text.c_str(), stderr);
  }
  void end() override { write("\n\n"); }

 private:
  bool folded_;
};

}  // namespace

std::string lost_total_text(uint64_t n) { return "Total lost event count: " + std::to_string(n); }

std::unique_ptr<Output> make_text_output(std::FILE *out, bool folded_stacks) {
  return std::make_unique<TextOutput>(out, folded_stacks);
}

}  // namespace bpfsh::runtime::output
