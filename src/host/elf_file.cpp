// ELF symbols and program headers, read through host/elf_handle.h.
#include "host/elf_file.h"

#include <algorithm>

#include "host/elf_handle.h"

namespace bpfsh::host {

uint64_t ElfLayout::vaddr_of(uint64_t file_offset) const {
  for (const Segment &s : loads)
    if (file_offset >= s.file_offset && file_offset < s.file_offset + s.size)
      return file_offset - s.file_offset + s.vaddr;
  return file_offset;
}

std::optional<uint64_t> ElfLayout::file_offset_of(uint64_t vaddr) const {
  for (const Segment &s : loads)
    if (vaddr >= s.vaddr && vaddr < s.vaddr + s.mem_size) return vaddr - s.vaddr + s.file_offset;
  return std::nullopt;
}

std::optional<ElfLayout> read_elf_layout(const std::string &path) {
  ElfHandle h(path);
  if (!h || gelf_getclass(h.elf()) != ELFCLASS64) return std::nullopt;
  GElf_Ehdr eh;
  size_t n = 0;
  if (!gelf_getehdr(h.elf(), &eh) || elf_getphdrnum(h.elf(), &n) != 0) return std::nullopt;
  ElfLayout layout;
  layout.position_independent = eh.e_type == ET_DYN;
  layout.machine = eh.e_machine;
  for (size_t i = 0; i < n; i++) {
    GElf_Phdr ph;
    if (!gelf_getphdr(h.elf(), static_cast<int>(i), &ph) || ph.p_type != PT_LOAD) continue;
    layout.loads.push_back({ph.p_offset, ph.p_vaddr, ph.p_filesz, (ph.p_flags & PF_X) != 0, ph.p_memsz});
  }
  return layout;
}

std::optional<uint64_t> symbol_address(const std::string &path, const std::string &want) {
  std::optional<uint64_t> found;
  ElfHandle(path).for_each_symbol([&](const std::string &name, const GElf_Sym &sym) {
    if (!found && name == want && sym.st_value != 0) found = sym.st_value;
  });
  return found;
}

std::map<std::string, uint64_t> function_symbols(const std::string &path) {
  std::map<std::string, uint64_t> out;
  ElfHandle(path).for_each_symbol([&](const std::string &name, const GElf_Sym &sym) {
    int type = GELF_ST_TYPE(sym.st_info);
    if ((type == STT_FUNC || type == STT_GNU_IFUNC) && sym.st_value != 0) out.emplace(name, sym.st_value);
  });
  return out;
}

std::vector<FunctionSpan> function_spans(const std::string &path) {
  std::vector<FunctionSpan> out;
  ElfHandle(path).for_each_symbol([&](const std::string &name, const GElf_Sym &sym) {
    int type = GELF_ST_TYPE(sym.st_info);
    if ((type == STT_FUNC || type == STT_GNU_IFUNC) && sym.st_value != 0)
      out.push_back({name, sym.st_value, sym.st_size});
  });
  std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.address < b.address; });
  return out;
}

}  // namespace bpfsh::host
