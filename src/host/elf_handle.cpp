// libelf handles and the symbol and section walks over them.
#include "host/elf_handle.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <set>
#include <vector>

namespace bpfsh::host {

ElfHandle::ElfHandle(const std::string &path) {
  if (elf_version(EV_CURRENT) == EV_NONE) return;
  fd_ = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ >= 0) elf_ = elf_begin(fd_, ELF_C_READ_MMAP, nullptr);
}

ElfHandle::~ElfHandle() {
  if (elf_) elf_end(elf_);
  if (fd_ >= 0) close(fd_);
}

namespace {

// One defined, named symbol of a table; `hidden` marks a version other than
// the default (a name a program built now can not link to).
struct NamedSymbol {
  std::string name;
  GElf_Sym sym;
  bool hidden = false;
};

// The .gnu.version entry of each .dynsym symbol; empty without versions.
std::vector<GElf_Versym> dynsym_versions(Elf *elf) {
  std::vector<GElf_Versym> out;
  for (Elf_Scn *scn = nullptr; (scn = elf_nextscn(elf, scn));) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_GNU_versym) continue;
    Elf_Data *data = elf_getdata(scn, nullptr);
    size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
    for (size_t i = 0; data && i < n; i++) {
      GElf_Versym v = 0;
      gelf_getversym(data, static_cast<int>(i), &v);
      out.push_back(v);
    }
  }
  return out;
}

// A .symtab names a versioned symbol "name@@VERSION" (the default) or
// "name@VERSION"; .dynsym names it plainly and says which in .gnu.version.
std::vector<NamedSymbol> table_symbols(Elf *elf, Elf_Scn *scn, const GElf_Shdr &sh,
                                       const std::vector<GElf_Versym> &versions) {
  std::vector<NamedSymbol> out;
  Elf_Data *data = elf_getdata(scn, nullptr);
  size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
  for (size_t i = 0; data && i < n; i++) {
    GElf_Sym sym;
    if (!gelf_getsym(data, static_cast<int>(i), &sym) || sym.st_shndx == SHN_UNDEF) continue;
    const char *name = elf_strptr(elf, sh.sh_link, sym.st_name);
    if (!name || !*name) continue;
    NamedSymbol s{name, sym, false};
    if (auto at = s.name.find('@'); at != std::string::npos && at > 0) {
      s.hidden = s.name.compare(at, 2, "@@") != 0;
      s.name.resize(at);
    } else if (sh.sh_type == SHT_DYNSYM && i < versions.size()) {
      s.hidden = (versions[i] & 0x8000) != 0;  // VERSYM_HIDDEN
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

void ElfHandle::for_each_symbol(const std::function<void(const std::string &, const GElf_Sym &)> &fn) const {
  if (!elf_) return;
  auto versions = dynsym_versions(elf_);
  // .symtab first: a stripped file has only .dynsym, and an unstripped one
  // names local functions there that .dynsym leaves out.
  for (Elf64_Word want : {SHT_SYMTAB, SHT_DYNSYM}) {
    for (Elf_Scn *scn = nullptr; (scn = elf_nextscn(elf_, scn));) {
      GElf_Shdr sh;
      if (!gelf_getshdr(scn, &sh) || sh.sh_type != want) continue;
      auto symbols = table_symbols(elf_, scn, sh, versions);
      // A name with a default version means that one (as the linker and
      // bpftrace take it); an older version is seen only when it is the
      // name's only one.
      std::set<std::string> defaults;
      for (const auto &s : symbols)
        if (!s.hidden) defaults.insert(s.name);
      for (const auto &s : symbols)
        if (!s.hidden || !defaults.count(s.name)) fn(s.name, s.sym);
    }
  }
}

Elf_Scn *ElfHandle::section_named(const char *want, GElf_Shdr &sh) const {
  size_t shstrndx = 0;
  if (!elf_ || elf_getshdrstrndx(elf_, &shstrndx) != 0) return nullptr;
  for (Elf_Scn *scn = nullptr; (scn = elf_nextscn(elf_, scn));) {
    if (!gelf_getshdr(scn, &sh)) continue;
    const char *name = elf_strptr(elf_, shstrndx, sh.sh_name);
    if (name && std::strcmp(name, want) == 0) return scn;
  }
  return nullptr;
}

}  // namespace bpfsh::host
