// The registry's lookups over every family's rows.
#include "sema/registry/registry.h"

#include <algorithm>
#include <map>

#include "sema/builtins.h"
#include "sema/registry/families.h"

namespace bpfsh::sema::registry {

namespace {

struct Index {
  std::vector<const Row *> all;
  std::map<std::string, const Row *> functions, variables;
  const Row *arg = nullptr;  // argN: a pattern, not a name
};

const Index &index() {
  static const Index idx = [] {
    Index i;
    for (auto family : {output_rows, time_rows, aggregates_rows, maps_rows, strings_rows, bytes_rows, net_rows,
                        skb_rows, symbols_rows, task_rows, probe_rows, machine_rows, memory_rows, names_rows,
                        path_rows, introspect_rows})
      for (const Row &r : family()) {
        i.all.push_back(&r);
        if (r.kind == Kind::Variable && std::string(r.name) == "argN")
          i.arg = &r;
        else
          (r.kind == Kind::Function ? i.functions : i.variables).emplace(r.name, &r);
      }
    return i;
  }();
  return idx;
}

const Row *find(const std::map<std::string, const Row *> &m, const std::string &name) {
  auto it = m.find(name);
  return it == m.end() ? nullptr : it->second;
}

}  // namespace

const std::vector<const Row *> &rows() { return index().all; }

const FamilyInfo &family_info(Family f) {
  static const FamilyInfo info[] = {
      {"Output", "Events user space prints as they arrive, in the order the probes sent them."},
      {"Time", "Clocks read in the probe, and times user space formats when it prints them."},
      {"Aggregates", "Per-CPU summaries of values; each is assigned to a map, as in @m[k] = count()."},
      {"Maps", "Questions about and changes to a map's entries."},
      {"Strings", "Functions over the bytes of NUL-padded strings, done in the BPF program."},
      {"Bytes", "Raw bytes, their order and their comparison."},
      {"Network addresses", "IPv4 and IPv6 addresses as text and as bytes."},
      {"Stacks and symbols", "Addresses and stacks recorded in the probe, named by user space when printed."},
      {"The task", "The task the probe runs in, and signals sent to it."},
      {"The probe", "What the probe was attached to, and what its context holds."},
      {"The machine", "The CPU the probe runs on, and the machine's other numbers."},
      {"Memory", "Pointers: which address space they are in, error pointers, and writes to user memory."},
      {"Names of numbers", "Numbers that travel as numbers and are named by user space when printed."},
      {"Paths", "Paths of files, from the kernel's own structures."},
      {"Compile-time questions", "Answered when the program is compiled: they become literals."},
  };
  static_assert(std::size(info) == static_cast<size_t>(Family::Count));
  return info[static_cast<size_t>(f)];
}

const Row *function(const std::string &name) { return find(index().functions, name); }

const Row *variable(const std::string &name) {
  if (const Row *r = find(index().variables, name)) return r;
  int n = arg_index(name);
  return n >= 0 && n < kMaxArgs ? index().arg : nullptr;
}

std::vector<std::string> function_names() {
  std::vector<std::string> names;
  for (const auto &[name, row] : index().functions) names.push_back(name);
  return names;
}

std::vector<std::string> variable_names() {
  std::vector<std::string> names;
  for (const auto &[name, row] : index().variables) names.push_back(name);
  for (int i = 0; i < kMaxArgs; i++) names.push_back("arg" + std::to_string(i));
  std::sort(names.begin(), names.end());
  return names;
}

const char *probe_type_name(ProbeType t) {
  switch (t) {
    case ProbeType::Begin: return "BEGIN";
    case ProbeType::End: return "END";
    case ProbeType::SelfSignal: return "self";
    case ProbeType::Tracepoint: return "tracepoint";
    case ProbeType::RawTracepoint: return "rawtracepoint";
    case ProbeType::Uprobe: return "uprobe";
    case ProbeType::Uretprobe: return "uretprobe";
    case ProbeType::Interval: return "interval";
    case ProbeType::Profile: return "profile";
    case ProbeType::Kprobe: return "kprobe";
    case ProbeType::Kretprobe: return "kretprobe";
    case ProbeType::Fentry: return "fentry";
    case ProbeType::Fexit: return "fexit";
    case ProbeType::Usdt: return "usdt";
    case ProbeType::Software: return "software";
    case ProbeType::Hardware: return "hardware";
    case ProbeType::Watchpoint: return "watchpoint";
    case ProbeType::Iter: return "iter";
    case ProbeType::Xdp: return "xdp";
    case ProbeType::Tc: return "tc";
    case ProbeType::Socket: return "socket";
    case ProbeType::CgroupSkb: return "cgroup_skb";
    case ProbeType::CgroupSockAddr: return "cgroup_sock_addr";
    case ProbeType::CgroupSock: return "cgroup_sock";
    case ProbeType::Sockops: return "sockops";
  }
  return "";
}

std::string probes_phrase(unsigned probes, ProbeWording wording) {
  bool excluded = wording == ProbeWording::Excluded;
  std::vector<std::string> names;
  for (unsigned t = 0; t <= static_cast<unsigned>(ProbeType::SelfSignal); t++) {
    bool allowed = probes & (1u << t);
    if (allowed != excluded) names.push_back(probe_type_name(static_cast<ProbeType>(t)));
  }
  std::string out;
  for (size_t i = 0; i < names.size(); i++) {
    if (excluded) {
      out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    } else {
      out += (i == 0 ? "'" : ", '") + names[i] + "'";
    }
  }
  return out;
}

}  // namespace bpfsh::sema::registry
