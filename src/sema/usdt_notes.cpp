#include "sema/usdt_notes.h"

#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>

namespace bpfsh::sema {

namespace {

constexpr uint32_t kStapsdtNoteType = 3;

struct Elf64File {
  int fd = -1;
  Elf *elf = nullptr;
  explicit Elf64File(const std::string &path) {
    if (elf_version(EV_CURRENT) == EV_NONE) return;
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) elf = elf_begin(fd, ELF_C_READ_MMAP, nullptr);
  }
  ~Elf64File() {
    if (elf) elf_end(elf);
    if (fd >= 0) close(fd);
  }
};

Elf_Scn *section_named(Elf *elf, const char *want, GElf_Shdr &sh) {
  size_t shstrndx = 0;
  if (elf_getshdrstrndx(elf, &shstrndx) != 0) return nullptr;
  for (Elf_Scn *scn = nullptr; (scn = elf_nextscn(elf, scn));) {
    if (!gelf_getshdr(scn, &sh)) continue;
    const char *name = elf_strptr(elf, shstrndx, sh.sh_name);
    if (name && std::strcmp(name, want) == 0) return scn;
  }
  return nullptr;
}

// One note's descriptor: three addresses, then three strings.
std::optional<UsdtSite> decode_note(const char *desc, size_t size, uint64_t actual_base) {
  if (size < 3 * 8 + 3) return std::nullopt;
  uint64_t addr[3];
  std::memcpy(addr, desc, sizeof addr);
  const char *p = desc + 24, *end = desc + size;
  std::string strs[3];
  for (auto &s : strs) {
    const char *nul = static_cast<const char *>(std::memchr(p, '\0', end - p));
    if (!nul) return std::nullopt;
    s.assign(p, nul);
    p = nul + 1;
  }
  UsdtSite site{strs[0], strs[1], addr[0], addr[2], strs[2]};
  // A prelinked file moved: the note recorded .stapsdt.base's old address.
  if (actual_base && addr[1]) {
    site.pc += actual_base - addr[1];
    if (site.semaphore) site.semaphore += actual_base - addr[1];
  }
  return site;
}

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

std::vector<UsdtSite> read_usdt_sites(const std::string &path) {
  std::vector<UsdtSite> sites;
  Elf64File f(path);
  if (!f.elf || gelf_getclass(f.elf) != ELFCLASS64) return sites;
  GElf_Shdr sh;
  uint64_t actual_base = 0;
  if (section_named(f.elf, ".stapsdt.base", sh)) actual_base = sh.sh_addr;
  Elf_Scn *scn = section_named(f.elf, ".note.stapsdt", sh);
  if (!scn || sh.sh_type != SHT_NOTE) return sites;
  Elf_Data *data = elf_getdata(scn, nullptr);
  if (!data) return sites;
  GElf_Nhdr nh;
  size_t off = 0, name_off = 0, desc_off = 0;
  while ((off = gelf_getnote(data, off, &nh, &name_off, &desc_off)) > 0) {
    const char *base = static_cast<const char *>(data->d_buf);
    if (nh.n_type != kStapsdtNoteType || nh.n_namesz != 8 || std::strncmp(base + name_off, "stapsdt", 8) != 0)
      continue;
    if (auto site = decode_note(base + desc_off, nh.n_descsz, actual_base)) sites.push_back(std::move(*site));
  }
  return sites;
}

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
