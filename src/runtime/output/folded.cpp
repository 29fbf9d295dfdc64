#include <algorithm>
#include <map>

#include "runtime/output/output.h"

namespace bpfsh::runtime::output {

namespace {

using artifact::AggKind;
using artifact::Layout;

bool has_stack(const Layout &l) {
  if (l.kind == Layout::Kind::KStack || l.kind == Layout::Kind::UStack) return true;
  return std::any_of(l.elems.begin(), l.elems.end(), has_stack);
}

// ';' separates frames and the last ' ' the count: a name keeps neither.
std::string frame(std::string s) {
  std::replace(s.begin(), s.end(), ';', ':');
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

void add_stack(std::vector<std::string> &out, const Value &v) {
  for (auto it = v.frames.rbegin(); it != v.frames.rend(); ++it) out.push_back(frame(*it));
}

// Callers before callees: the key's other parts (comm, ...), the user stack
// that entered the kernel, then the kernel stack.
std::vector<std::string> frames_of(const Value &key) {
  std::vector<const Value *> parts;
  if (key.kind == Value::Kind::Tuple)
    for (const Value &e : key.elems) parts.push_back(&e);
  else
    parts.push_back(&key);
  std::vector<std::string> out;
  for (const Value *p : parts)
    if (p->kind != Value::Kind::Stack) out.push_back(frame(render_text_value(*p)));
  for (bool user : {true, false})
    for (const Value *p : parts)
      if (p->kind == Value::Kind::Stack && p->user == user) add_stack(out, *p);
  if (out.empty()) out.push_back("[unknown]");
  return out;
}

Value divided(const Value &v, uint64_t div) {
  if (div == 0) return v;
  if (v.kind == Value::Kind::Int) return Value::of_int(v.i / int64_t(div));
  if (v.kind == Value::Kind::Uint) return Value::of_uint(v.u / div);
  return v;
}

}  // namespace

bool is_foldable(const artifact::MapSpec &spec) {
  bool scalar = spec.agg == AggKind::Count || spec.agg == AggKind::Sum || spec.agg == AggKind::Min ||
                spec.agg == AggKind::Max || (spec.agg == AggKind::None && spec.value.kind == Layout::Kind::Int);
  return scalar && has_stack(spec.key);
}

// Stacks that differ only in offsets fold to the same line: counts and sums
// add up into one (flame graph tools would add them anyway), other values
// keep a line each.
std::string render_folded_map(MapView m, uint64_t top, uint64_t div) {
  if (m.entries.empty() || !m.spec) return "";
  bool adds = m.spec->agg == AggKind::Count || m.spec->agg == AggKind::Sum;
  std::vector<MapEntry> lines;
  std::map<std::string, size_t> index;
  for (MapEntry &e : m.entries) {
    std::vector<std::string> fs = frames_of(e.key);
    std::string text;
    for (size_t i = 0; i < fs.size(); i++) text += (i ? ";" : "") + fs[i];
    auto [it, fresh] = index.try_emplace(text, lines.size());
    if (fresh || !adds) {
      lines.push_back(MapEntry{Value::of_str(text), std::move(e.value)});
      continue;
    }
    Value &sum = lines[it->second].value.scalar;
    if (sum.kind == Value::Kind::Int) sum.i += e.value.scalar.i;
    else sum.u += e.value.scalar.u;
  }
  m.entries = std::move(lines);
  prepare_for_print(m, top);
  std::string out;
  for (const MapEntry &e : m.entries) out += e.key.s + " " + render_text_value(divided(e.value.scalar, div)) + "\n";
  return out;
}

}  // namespace bpfsh::runtime::output
