#include "runtime/lifecycle.h"

#include <bpf/bpf.h>
#include <linux/bpf.h>

#include <cstdio>

#include "runtime/libbpf_log.h"
#include "runtime/output/output.h"

namespace bpfsh::runtime {

namespace {

using artifact::ProbeKind;
using Fact = Lifecycle::Fact;

Fact num(const std::string &k, uint64_t v) { return {k, std::to_string(v), false}; }
Fact str(const std::string &k, const std::string &v) { return {k, v, true}; }

std::string fixed(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", ms);
  return buf;
}

std::string link_type(uint32_t t) {
  switch (t) {
    case BPF_LINK_TYPE_RAW_TRACEPOINT: return "raw_tracepoint link";
    case BPF_LINK_TYPE_TRACING: return "tracing link";
    case BPF_LINK_TYPE_ITER: return "iter link";
    case BPF_LINK_TYPE_PERF_EVENT: return "perf_event link";
    case BPF_LINK_TYPE_KPROBE_MULTI: return "kprobe_multi link";
    default: return "link type " + std::to_string(t);
  }
}

// What the link is attached to, in the probe's own terms.
std::string target(const artifact::ProbeSpec &p) {
  char off[32];
  std::snprintf(off, sizeof off, "0x%llx", static_cast<unsigned long long>(p.offset));
  switch (p.type) {
    case ProbeKind::Tracepoint: return "tracepoint " + p.target + ":" + p.func;
    case ProbeKind::RawTracepoint: return "raw tracepoint " + p.target;
    case ProbeKind::Uprobe:
    case ProbeKind::Uretprobe: return std::string(p.type == ProbeKind::Uprobe ? "uprobe " : "uretprobe ") +
                                      p.target + " at file offset " + off;
    case ProbeKind::Usdt: return "usdt uprobe " + p.target + " at file offset " + off;
    case ProbeKind::Interval:
    case ProbeKind::Profile:
    case ProbeKind::Software: return "software perf event on each CPU";
    case ProbeKind::Hardware: return "hardware perf event on each CPU";
    case ProbeKind::Watchpoint: return "hardware breakpoint";
    default: return p.display;
  }
}

std::string json_facts(const std::vector<Fact> &facts) {
  std::string s;
  for (const auto &f : facts)
    s += ", " + output::json_quote(f.key) + ": " + (f.text ? output::json_quote(f.value) : f.value);
  return s;
}

std::string text_facts(const std::vector<Fact> &facts) {
  std::string s;
  for (const auto &f : facts) s += "  " + f.key + "=" + f.value;
  return s;
}

}  // namespace

void Lifecycle::print(const Stage &s) const {
  if (json_) return;
  std::fprintf(stderr, "lifecycle: %-18s %9s ms%s\n", s.name.c_str(), fixed(s.ms).c_str(), text_facts(s.facts).c_str());
  for (const auto &i : s.items) std::fprintf(stderr, "lifecycle:   %s\n", text_facts(i.facts).c_str() + 2);
}

void Lifecycle::add(Stage s) {
  print(s);
  stages_.push_back(std::move(s));
}

void Lifecycle::compiled(double parse_ms, double check_ms, double codegen_ms, const artifact::Artifact &a) {
  add({"parse", parse_ms, {}, "", {}});
  add({"checks", check_ms, {}, "", {}});
  add({"codegen", codegen_ms, {num("ir_instructions", a.ir_instructions)}, "", {}});
}

void Lifecycle::object(const artifact::Artifact &a, bool verbose) {
  libbpf_log_init(verbose);  // libbpf's notes on the ELF only with -v, as the loader's
  Stopwatch t;
  LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "bpfsh");
  bpf_object *obj = bpf_object__open_mem(a.elf.data(), a.elf.size(), &opts);
  uint32_t btf_bytes = 0;
  if (obj && bpf_object__btf(obj)) btf__get_raw_data(bpf_object__btf(obj), &btf_bytes);
  double ms = t.ms();
  bpf_object__close(obj);
  libbpf_log_take();
  add({"object", ms, {num("elf_bytes", a.elf.size()), num("btf_bytes", btf_bytes)}, "", {}});
}

void Lifecycle::loaded(double ms, const artifact::Artifact &a, bpf_object *obj) {
  Stage s{"load", ms, {}, "programs", {}};
  for (const auto &p : a.probes) {
    bpf_program *prog = bpf_object__find_program_by_name(obj, p.prog_name.c_str());
    bpf_prog_info info{};
    uint32_t len = sizeof info;
    if (!prog || bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len) != 0) continue;
    s.items.push_back({{str("probe", p.display), str("program", p.prog_name),
                        num("verified_insns", info.verified_insns), num("xlated_insns", info.xlated_prog_len / 8),
                        num("jited_bytes", info.jited_prog_len)}});
  }
  s.facts.push_back(num("programs", s.items.size()));
  add(std::move(s));
}

void Lifecycle::attached(const artifact::ProbeSpec &p, double ms, const std::vector<bpf_link *> &links) {
  std::string how = "run by BPF_PROG_TEST_RUN, not attached";
  for (bpf_link *l : links) {
    bpf_link_info info{};
    uint32_t len = sizeof info;
    if (l && bpf_obj_get_info_by_fd(bpf_link__fd(l), &info, &len) == 0) how = link_type(info.type);
  }
  if (!links.empty()) how += " to " + target(p);
  attached_.push_back({{str("probe", p.display), str("ms", fixed(ms)), num("links", links.size()), str("how", how)}});
  attached_.back().facts[1].text = false;
}

void Lifecycle::attach_done(double ms) {
  Stage s{"attach", ms, {num("probes", attached_.size())}, "probes", std::move(attached_)};
  attached_.clear();
  add(std::move(s));
}

void Lifecycle::event_channel(double ms, int map_fd, uint32_t perf_pages) {
  bpf_map_info info{};
  uint32_t len = sizeof info;
  uint64_t entries = map_fd >= 0 && bpf_obj_get_info_by_fd(map_fd, &info, &len) == 0 ? info.max_entries : 0;
  uint64_t pages = 1;
  while (pages < perf_pages) pages <<= 1;
  // A ring buffer's size is its max_entries; a perf event array has a slot
  // per CPU, each a ring of its own.
  uint64_t bytes = perf_pages ? entries * pages * 4096 : entries;
  std::string kind = perf_pages ? "perf buffer" : "ring buffer";
  add({"event channel", ms, {str("kind", kind), num("bytes", bytes)}, "", {}});
}

std::string Lifecycle::json() const {
  if (!json_) return "";
  std::string s = "{\"type\": \"lifecycle\", \"data\": {\"stages\": [";
  for (size_t i = 0; i < stages_.size(); i++) {
    const Stage &st = stages_[i];
    s += std::string(i ? ", " : "") + "{\"stage\": " + output::json_quote(st.name) + ", \"ms\": " + fixed(st.ms) +
         json_facts(st.facts);
    if (!st.items_key.empty()) {
      s += ", " + output::json_quote(st.items_key) + ": [";
      for (size_t k = 0; k < st.items.size(); k++) s += std::string(k ? ", " : "") + "{" + json_facts(st.items[k].facts).substr(2) + "}";
      s += "]";
    }
    s += "}";
  }
  return s + "]}}\n";
}

}  // namespace bpfsh::runtime
