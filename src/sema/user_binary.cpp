#include "sema/user_binary.h"

#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

namespace bpfsh::sema {
namespace {

bool readable_file(const std::string &p) { return access(p.c_str(), R_OK) == 0; }

// An open libelf handle and its descriptor, closed together.
struct ElfHandle {
  int fd = -1;
  Elf *elf = nullptr;
  explicit ElfHandle(const std::string &path) {
    if (elf_version(EV_CURRENT) == EV_NONE) return;
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) elf = elf_begin(fd, ELF_C_READ_MMAP, nullptr);
  }
  ~ElfHandle() {
    if (elf) elf_end(elf);
    if (fd >= 0) close(fd);
  }
};

// "libc" and "c" both mean a file whose soname starts "libc.so".
bool names_library(const std::string &want, const std::string &soname) {
  if (soname == want) return true;
  std::string stem = want.rfind("lib", 0) == 0 ? want : "lib" + want;
  return soname.rfind(stem + ".so", 0) == 0;
}

std::optional<std::string> from_process_maps(const std::string &name, int64_t pid) {
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  for (std::string line; std::getline(maps, line);) {
    auto slash = line.find('/');
    if (slash == std::string::npos) continue;
    std::string path = line.substr(slash);
    std::string base = path.substr(path.rfind('/') + 1);
    if (names_library(name, base)) return path;
  }
  return std::nullopt;
}

std::optional<std::string> on_path(const std::string &name) {
  const char *env = std::getenv("PATH");
  std::stringstream dirs(env ? env : "/usr/local/bin:/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    std::string p = dir + "/" + name;
    if (access(p.c_str(), X_OK) == 0) return p;
  }
  return std::nullopt;
}

}  // namespace

// glibc's "new format" cache: a header, then nlibs entries of {i32 flags,
// u32 key, u32 value, u32 osversion, u64 hwcap}; key and value are string
// offsets from the start of the file.
std::vector<std::pair<std::string, std::string>> ld_cache_entries(const std::string &cache) {
  std::vector<std::pair<std::string, std::string>> out;
  std::ifstream in(cache, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  static const char magic[] = "glibc-ld.so.cache1.1";
  const size_t header = 48, entry = 24;
  if (data.size() < header || data.compare(0, sizeof magic - 1, magic) != 0) return out;
  uint32_t nlibs;
  std::memcpy(&nlibs, data.data() + 20, 4);
  auto str_at = [&](uint32_t off) -> std::string {
    if (off >= data.size()) return "";
    return std::string(data.c_str() + off);
  };
  for (uint32_t i = 0; i < nlibs && header + (i + 1) * entry <= data.size(); i++) {
    const char *e = data.data() + header + i * entry;
    int32_t flags;
    uint32_t key, value;
    std::memcpy(&flags, e, 4);
    std::memcpy(&key, e + 4, 4);
    std::memcpy(&value, e + 8, 4);
    const int32_t kX8664Libc6 = 0x0303;  // FLAG_ELF_LIBC6 | FLAG_X8664_LIB64
    if ((flags & 0xffff) != kX8664Libc6) continue;
    out.emplace_back(str_at(key), str_at(value));
  }
  return out;
}

std::optional<std::string> resolve_user_binary(const std::string &name, int64_t pid) {
  if (name.find('/') != std::string::npos) {
    if (readable_file(name)) return name;
    return std::nullopt;
  }
  if (pid > 0)
    if (auto p = from_process_maps(name, pid)) return p;
  for (const auto &[soname, path] : ld_cache_entries())
    if (names_library(name, soname) && readable_file(path)) return path;
  for (const char *dir : {"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64",
                          "/lib", "/usr/lib"}) {
    std::string stem = name.rfind("lib", 0) == 0 ? name : "lib" + name;
    for (const std::string &cand : {std::string(dir) + "/" + name, std::string(dir) + "/" + stem + ".so"})
      if (readable_file(cand)) return cand;
  }
  return on_path(name);
}

namespace {

// Calls fn(name, sym) for every defined symbol of .symtab and .dynsym.
template <typename Fn>
void for_each_symbol(const std::string &path, Fn fn) {
  ElfHandle h(path);
  if (!h.elf) return;
  for (Elf_Scn *scn = nullptr; (scn = elf_nextscn(h.elf, scn));) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM)) continue;
    Elf_Data *data = elf_getdata(scn, nullptr);
    size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
    for (size_t i = 0; data && i < n; i++) {
      GElf_Sym sym;
      if (!gelf_getsym(data, static_cast<int>(i), &sym) || sym.st_shndx == SHN_UNDEF) continue;
      const char *name = elf_strptr(h.elf, sh.sh_link, sym.st_name);
      if (name && *name) fn(std::string(name), sym);
    }
  }
}

}  // namespace

std::set<std::string> function_symbols(const std::string &path) {
  std::set<std::string> out;
  for_each_symbol(path, [&](const std::string &name, const GElf_Sym &sym) {
    int type = GELF_ST_TYPE(sym.st_info);
    if ((type == STT_FUNC || type == STT_GNU_IFUNC) && sym.st_value != 0) out.insert(name);
  });
  return out;
}

std::optional<uint64_t> symbol_address(const std::string &path, const std::string &want) {
  std::optional<uint64_t> found;
  for_each_symbol(path, [&](const std::string &name, const GElf_Sym &sym) {
    if (!found && name == want && sym.st_value != 0) found = sym.st_value;
  });
  return found;
}

std::optional<uint64_t> file_offset_of(const std::string &path, uint64_t vaddr) {
  ElfHandle h(path);
  if (!h.elf) return std::nullopt;
  size_t n = 0;
  if (elf_getphdrnum(h.elf, &n) != 0) return std::nullopt;
  for (size_t i = 0; i < n; i++) {
    GElf_Phdr ph;
    if (!gelf_getphdr(h.elf, static_cast<int>(i), &ph) || ph.p_type != PT_LOAD) continue;
    if (vaddr >= ph.p_vaddr && vaddr < ph.p_vaddr + ph.p_memsz) return vaddr - ph.p_vaddr + ph.p_offset;
  }
  return std::nullopt;
}

}  // namespace bpfsh::sema
