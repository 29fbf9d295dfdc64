// kallsyms, /proc/PID/maps and ELF symbol tables, read without LLVM.
#include "runtime/elf_symbolizer.h"

#include <cxxabi.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace bpfsh::runtime {

namespace {

std::string read_text(const std::string &path) {
  std::ifstream in(path);
  std::stringstream all;
  if (in) all << in.rdbuf();
  return all.str();
}

std::string demangle(const std::string &name) {
  if (!name.starts_with("_Z")) return name;
  int status = 0;
  char *d = abi::__cxa_demangle(name.c_str(), nullptr, nullptr, &status);
  std::string out = status == 0 && d ? d : name;
  std::free(d);
  return out;
}

void by_address(std::vector<ElfSymbolizer::Function> &fns) {
  std::stable_sort(fns.begin(), fns.end(), [](const auto &a, const auto &b) { return a.addr < b.addr; });
}

// The named functions of one symbol table section.
void read_functions(Elf *elf, Elf_Scn *scn, const GElf_Shdr &sh, std::vector<ElfSymbolizer::Function> &out) {
  Elf_Data *d = elf_getdata(scn, nullptr);
  if (!d || sh.sh_entsize == 0) return;
  size_t n = sh.sh_size / sh.sh_entsize;
  for (size_t i = 0; i < n; i++) {
    GElf_Sym sym;
    if (!gelf_getsym(d, int(i), &sym) || sym.st_value == 0 || sym.st_shndx == SHN_UNDEF) continue;
    int type = GELF_ST_TYPE(sym.st_info);
    if (type != STT_FUNC && type != STT_GNU_IFUNC) continue;
    const char *name = elf_strptr(elf, sh.sh_link, sym.st_name);
    if (name && *name) out.push_back({sym.st_value, sym.st_size, name});
  }
}

ElfSymbolizer::Binary read_elf(Elf *elf) {
  ElfSymbolizer::Binary b;
  size_t n = 0;
  if (elf_getphdrnum(elf, &n) == 0)
    for (size_t i = 0; i < n; i++) {
      GElf_Phdr ph;
      if (gelf_getphdr(elf, int(i), &ph) && ph.p_type == PT_LOAD)
        b.loads.push_back({ph.p_offset, ph.p_vaddr, ph.p_filesz, (ph.p_flags & PF_X) != 0});
    }
  // .symtab when the binary keeps one (it names static functions too),
  // else .dynsym, which a stripped binary still has.
  for (Elf64_Word want : {SHT_SYMTAB, SHT_DYNSYM}) {
    for (Elf_Scn *scn = elf_nextscn(elf, nullptr); scn; scn = elf_nextscn(elf, scn)) {
      GElf_Shdr sh;
      if (gelf_getshdr(scn, &sh) && sh.sh_type == want) read_functions(elf, scn, sh, b.functions);
    }
    if (!b.functions.empty()) break;
  }
  by_address(b.functions);
  return b;
}

uint64_t vaddr_of(const ElfSymbolizer::Binary &b, uint64_t file_offset) {
  for (const auto &s : b.loads)
    if (file_offset >= s.file_offset && file_offset < s.file_offset + s.size)
      return file_offset - s.file_offset + s.vaddr;
  return file_offset;
}

}  // namespace

std::vector<ElfSymbolizer::Function> parse_kallsyms(const std::string &text) {
  std::vector<ElfSymbolizer::Function> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    unsigned long long addr = 0;
    char type = 0;
    char name[512];
    if (std::sscanf(line.c_str(), "%llx %c %511s", &addr, &type, name) != 3) continue;
    if (addr == 0 || type == 'a' || type == 'A') continue;  // absolute symbols are not code
    out.push_back({addr, 0, name});
  }
  by_address(out);
  return out;
}

std::optional<ElfSymbolizer::Binary> read_binary(const std::string &path) {
  elf_version(EV_CURRENT);
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, nullptr);
  std::optional<ElfSymbolizer::Binary> b;
  if (elf && elf_kind(elf) == ELF_K_ELF && gelf_getclass(elf) == ELFCLASS64) b = read_elf(elf);
  if (elf) elf_end(elf);
  close(fd);
  return b;
}

std::optional<Symbol> function_at(const std::vector<ElfSymbolizer::Function> &fns, uint64_t addr) {
  auto it = std::upper_bound(fns.begin(), fns.end(), addr, [](uint64_t a, const auto &f) { return a < f.addr; });
  if (it == fns.begin()) return std::nullopt;
  --it;
  while (it != fns.begin() && std::prev(it)->addr == it->addr) --it;  // the first name listed there
  if (it->size != 0 && addr >= it->addr + it->size) return std::nullopt;
  return Symbol{demangle(it->name), addr - it->addr, "", {}, {}};
}

ElfSymbolizer::ElfSymbolizer() = default;
ElfSymbolizer::~ElfSymbolizer() = default;

std::optional<Symbol> ElfSymbolizer::kernel(uint64_t addr) {
  if (!kernel_read_) {
    kernel_ = parse_kallsyms(read_text("/proc/kallsyms"));
    kernel_read_ = true;
  }
  return function_at(kernel_, addr);
}

const ElfSymbolizer::Binary *ElfSymbolizer::binary(const std::string &path) {
  auto it = binaries_.find(path);
  if (it == binaries_.end()) {
    auto b = read_binary(path);
    it = binaries_.emplace(path, b ? std::make_unique<Binary>(std::move(*b)) : nullptr).first;
  }
  return it->second.get();
}

const Mapping *ElfSymbolizer::mapping_for(int32_t pid, uint64_t addr) {
  if (const Mapping *m = images_.find(pid, addr)) return m;
  auto fresh = read_maps(pid);  // not remembered, or mapped since (dlopen)
  if (!fresh) return nullptr;
  images_.keep(pid, std::move(*fresh));
  return images_.find(pid, addr);
}

std::optional<Symbol> ElfSymbolizer::user(int32_t pid, uint64_t addr) {
  const Mapping *m = mapping_for(pid, addr);
  if (!m) return std::nullopt;
  const Binary *b = binary(m->path);
  if (!b) return std::nullopt;
  auto s = function_at(b->functions, vaddr_of(*b, addr - m->start + m->file_offset));
  if (s) s->module = m->path;
  return s;
}

// Seen at each new load bias: an exec'd pid's image is kept beside the one
// before, whose values may still be printed.
void ElfSymbolizer::process_seen(int32_t pid, const std::string &path, uint64_t bias) {
  if (auto maps = read_maps(pid)) {
    images_.keep(pid, std::move(*maps));
    return;
  }
  if (path.empty()) return;
  const Binary *b = binary(path);
  if (!b) return;
  std::vector<Mapping> maps;
  for (const auto &s : b->loads)
    if (s.executable) maps.push_back({s.vaddr + bias, s.vaddr + bias + s.size, s.file_offset, path});
  images_.keep_stand_in(pid, std::move(maps));
}

}  // namespace bpfsh::runtime
