// USDT argument specs decoded into where each argument lives.
#include "sema/usdt_args.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>

namespace bpfsh::sema {

namespace {

bool parse_int(const std::string &s, int64_t &out) {
  if (s.empty()) return false;
  char *end = nullptr;
  errno = 0;
  out = std::strtoll(s.c_str(), &end, 0);
  if (errno == ERANGE) {  // a large unsigned constant
    errno = 0;
    out = static_cast<int64_t>(std::strtoull(s.c_str(), &end, 0));
  }
  return errno == 0 && *end == '\0';
}

// "sym", "sym+8", "-4+sym", "16": the symbol (maybe none) and the sum of the numbers.
bool split_displacement(const std::string &s, std::string &sym, int64_t &off) {
  off = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find_first_of("+-", i + 1);
    if (j == std::string::npos) j = s.size();
    std::string term = s.substr(i, j - i);
    std::string body = term[0] == '+' ? term.substr(1) : term;
    int64_t n;
    if (parse_int(body, n)) {
      off += n;
    } else {
      if (!sym.empty() || body.empty() || body[0] == '-') return false;
      sym = body;
    }
    i = j;
  }
  return true;
}

std::string trim_percent(const std::string &r) { return !r.empty() && r[0] == '%' ? r.substr(1) : r; }

// "8@-16(%rbp)", "4@(%rax,%rbx,4)", "-4@counter(%rip)": size is done.
bool parse_memory(const std::string &op, UsdtArg &a, uint64_t pc, std::string &error,
                  const std::function<std::optional<uint64_t>(const std::string &)> &sym_address) {
  size_t open = op.find('('), close = op.rfind(')');
  if (open == std::string::npos || close != op.size() - 1) return false;
  std::vector<std::string> regs;
  std::stringstream inside(op.substr(open + 1, close - open - 1));
  for (std::string r; std::getline(inside, r, ',');) regs.push_back(r);
  if (regs.empty() || regs.size() > 3) return false;
  a.kind = UsdtArg::Kind::Mem;
  auto base = x86_register(trim_percent(regs[0]));
  if (!base) return false;
  a.reg = base->first;
  if (regs.size() >= 2) {
    auto index = x86_register(trim_percent(regs[1]));
    if (!index) return false;
    a.index = index->first;
    int64_t scale = 1;
    if (regs.size() == 3 && (!parse_int(regs[2], scale) || (scale != 1 && scale != 2 && scale != 4 && scale != 8)))
      return false;
    a.scale = static_cast<uint8_t>(scale);
  }
  std::string sym;
  int64_t off = 0;
  if (!split_displacement(op.substr(0, open), sym, off)) return false;
  a.value = off;
  if (!sym.empty()) {
    auto addr = sym_address ? sym_address(sym) : std::nullopt;
    if (trim_percent(regs[0]) != "rip" || !addr) {
      error = "symbol '" + sym + "' in '" + op + "' can not be resolved";
      return false;
    }
    a.value = static_cast<int64_t>(*addr + off - pc);
    a.rip_relative = true;
  } else if (trim_percent(regs[0]) == "rip") {
    // The operand is relative to the site: run-time ip plus the same distance.
    a.rip_relative = true;
  }
  return true;
}

}  // namespace

std::optional<std::pair<int32_t, uint8_t>> x86_register(const std::string &name) {
  // struct pt_regs on x86-64 (arch/x86/include/uapi/asm/ptrace.h).
  static const std::map<std::string, std::pair<int32_t, uint8_t>> regs = [] {
    std::map<std::string, std::pair<int32_t, uint8_t>> m;
    struct Legacy { const char *q, *d, *w, *b; int32_t off; };
    for (const Legacy &l : {Legacy{"rax", "eax", "ax", "al", 80}, Legacy{"rbx", "ebx", "bx", "bl", 40},
                            Legacy{"rcx", "ecx", "cx", "cl", 88}, Legacy{"rdx", "edx", "dx", "dl", 96},
                            Legacy{"rsi", "esi", "si", "sil", 104}, Legacy{"rdi", "edi", "di", "dil", 112},
                            Legacy{"rbp", "ebp", "bp", "bpl", 32}, Legacy{"rsp", "esp", "sp", "spl", 152}}) {
      m[l.q] = {l.off, 8};
      m[l.d] = {l.off, 4};
      m[l.w] = {l.off, 2};
      m[l.b] = {l.off, 1};
    }
    const int32_t rn[] = {72, 64, 56, 48, 24, 16, 8, 0};  // r8 .. r15
    for (int i = 0; i < 8; i++) {
      std::string r = "r" + std::to_string(8 + i);
      m[r] = {rn[i], 8};
      m[r + "d"] = {rn[i], 4};
      m[r + "w"] = {rn[i], 2};
      m[r + "b"] = {rn[i], 1};
    }
    m["rip"] = {128, 8};
    return m;
  }();
  auto it = regs.find(name);
  if (it == regs.end()) return std::nullopt;
  return it->second;
}

std::optional<std::vector<UsdtArg>> parse_usdt_args(
    const std::string &specs, uint64_t pc, std::string &error,
    const std::function<std::optional<uint64_t>(const std::string &)> &sym_address) {
  std::vector<UsdtArg> args;
  std::stringstream in(specs);
  for (std::string spec; in >> spec;) {
    UsdtArg a;
    size_t at = spec.find('@');
    int64_t size = 0;
    if (at == std::string::npos || !parse_int(spec.substr(0, at), size) ||
        (std::llabs(size) != 1 && std::llabs(size) != 2 && std::llabs(size) != 4 && std::llabs(size) != 8)) {
      error = "unsupported USDT argument '" + spec + "': no valid size";
      return std::nullopt;
    }
    a.size = static_cast<uint8_t>(std::llabs(size));
    a.is_signed = size < 0;
    std::string op = spec.substr(at + 1);
    bool ok = false;
    if (!op.empty() && op[0] == '$') {
      a.kind = UsdtArg::Kind::Const;
      ok = parse_int(op.substr(1), a.value);
    } else if (!op.empty() && op[0] == '%') {
      auto r = x86_register(op.substr(1));
      if (r) {
        a.kind = UsdtArg::Kind::Reg;
        a.reg = r->first;
        a.reg_size = r->second;
        ok = true;
      }
    } else {
      ok = parse_memory(op, a, pc, error, sym_address);
    }
    if (!ok) {
      if (error.empty()) error = "unsupported USDT argument '" + spec + "'";
      return std::nullopt;
    }
    args.push_back(a);
  }
  return args;
}

}  // namespace bpfsh::sema
