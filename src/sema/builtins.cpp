#include "sema/builtins.h"

#include <algorithm>
#include <map>

#include "sema/type_checker.h"

namespace bpfsh::sema {

std::optional<ast::Type> int_type_named(const std::string &name) {
  using ast::Type;
  static const std::map<std::string, Type> names = {
      {"int8", Type::integer(8, true)},    {"uint8", Type::integer(8, false)},
      {"int16", Type::integer(16, true)},  {"uint16", Type::integer(16, false)},
      {"int32", Type::integer(32, true)},  {"uint32", Type::integer(32, false)},
      {"int64", Type::integer(64, true)},  {"uint64", Type::integer(64, false)},
      {"char", Type::integer(8, true)},    {"short", Type::integer(16, true)},
      {"int", Type::integer(32, true)},    {"long", Type::integer(64, true)},
      {"bool", Type::integer(8, false)},
  };
  auto it = names.find(name);
  if (it == names.end()) return std::nullopt;
  return it->second;
}

int arg_index(const std::string &name) {
  if (name.size() < 4 || name.compare(0, 3, "arg") != 0) return -1;
  int n = 0;
  for (size_t i = 3; i < name.size(); i++) {
    if (!isdigit(static_cast<unsigned char>(name[i]))) return -1;
    n = n * 10 + (name[i] - '0');
  }
  return n;
}

namespace {

const std::map<std::string, BuiltinInfo> &builtin_table() {
  using ast::Type;
  const unsigned uprobes = probe_bit(ProbeType::Uprobe) | probe_bit(ProbeType::Uretprobe);
  const unsigned kernel_funcs = probe_bit(ProbeType::Kprobe) | probe_bit(ProbeType::Kretprobe) |
                                probe_bit(ProbeType::Fentry) | probe_bit(ProbeType::Fexit);
  static const std::map<std::string, BuiltinInfo> table = {
      {"pid", {Type::integer(32, false)}},
      {"tid", {Type::integer(32, false)}},
      {"uid", {Type::integer(32, false)}},
      {"gid", {Type::integer(32, false)}},
      {"cpu", {Type::integer(32, false)}},
      {"numaid", {Type::integer(32, false)}},
      {"nsecs", {Type::integer(64, false)}},
      {"elapsed", {Type::integer(64, false)}},
      {"jiffies", {Type::integer(64, false)}},
      {"rand", {Type::integer(32, false)}},
      {"cgroup", {Type::integer(64, false)}},
      {"cpid", {Type::integer(32, false)}},
      {"ncpus", {Type::integer(64, false)}},
      {"curtask", {Type::integer(64, false)}},
      {"comm", {Type::string(16)}},
      {"ppid", {Type::integer(32, false)}},
      {"pcomm", {Type::string(16)}},
      {"username", {Type::username()}},
      {"probetype", {Type::string(0)}},
      {"has_cpid", {Type::boolean()}},
      {"leader_tid", {Type::integer(32, false)}},
      {"leader_comm", {Type::string(16)}},
      // Probes whose context holds the interrupted registers (pt_regs).
      {"usermode", {Type::integer(64, false), uprobes | probe_bit(ProbeType::Usdt) | probe_bit(ProbeType::Kprobe) |
                                                  probe_bit(ProbeType::Kretprobe) | probe_bit(ProbeType::Profile) |
                                                  probe_bit(ProbeType::Software) | probe_bit(ProbeType::Hardware) |
                                                  probe_bit(ProbeType::Watchpoint)}},
      {"retval", {Type::integer(64, true), probe_bit(ProbeType::Uretprobe) | probe_bit(ProbeType::Kretprobe) |
                                              probe_bit(ProbeType::Fexit)}},
      {"func", {Type::string(0), uprobes | probe_bit(ProbeType::Tracepoint) | kernel_funcs}},
      {"kstack", {Type::stack(false, ast::StackMode::Bpftrace, kDefaultStackLimit)}},
      {"ustack", {Type::stack(true, ast::StackMode::Bpftrace, kDefaultStackLimit)}},
      {"probe", {Type::string(0)}},
      {"ctx", {Type::integer(64, false), probe_bit(ProbeType::Iter)}},
  };
  return table;
}

}  // namespace

std::optional<BuiltinInfo> lookup_builtin(const std::string &name, uint32_t strlen) {
  using ast::Type;
  const unsigned uprobes = probe_bit(ProbeType::Uprobe) | probe_bit(ProbeType::Uretprobe);
  // argN: registers in uprobes and kprobes, the u64 array of a raw tracepoint.
  const unsigned args_probes = uprobes | probe_bit(ProbeType::RawTracepoint) | probe_bit(ProbeType::Kprobe) |
                               probe_bit(ProbeType::Usdt);
  const auto &table = builtin_table();
  if (auto it = table.find(name); it != table.end()) {
    BuiltinInfo b = it->second;
    if (b.type.is_str() && b.type.str_size == 0) b.type.str_size = strlen;
    return b;
  }
  int n = arg_index(name);
  if (n >= 0 && n <= 5) return BuiltinInfo{Type::integer(64, false), args_probes};
  // A USDT site takes up to 12 arguments (sys/sdt.h); the type checker
  // holds each probe to its own count.
  if (n >= 0 && n < kMaxUsdtArgs) return BuiltinInfo{Type::integer(64, false), probe_bit(ProbeType::Usdt)};
  return std::nullopt;
}

std::optional<uint32_t> register_offset(const std::string &name) {
  static const std::map<std::string, uint32_t> offsets = {
      {"r15", 0},   {"r14", 8},    {"r13", 16},     {"r12", 24},  {"bp", 32},     {"bx", 40},
      {"r11", 48},  {"r10", 56},   {"r9", 64},      {"r8", 72},   {"ax", 80},     {"cx", 88},
      {"dx", 96},   {"si", 104},   {"di", 112},     {"orig_ax", 120}, {"ip", 128}, {"cs", 136},
      {"flags", 144}, {"sp", 152}, {"ss", 160},
  };
  auto it = offsets.find(name);
  if (it == offsets.end()) return std::nullopt;
  return it->second;
}

}  // namespace bpfsh::sema

namespace bpfsh::sema {

std::vector<std::string> builtin_names() {
  std::vector<std::string> names{"args"};
  for (const auto &[name, info] : builtin_table()) names.push_back(name);
  for (int i = 0; i < kMaxUsdtArgs; i++) names.push_back("arg" + std::to_string(i));
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> function_names() {
  std::vector<std::string> names;
  for (const auto &[name, check] : TypeChecker::call_table()) names.push_back(name);
  return names;  // a std::map's keys: sorted already
}

}  // namespace bpfsh::sema
