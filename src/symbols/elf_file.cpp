#include "symbols/elf_file.h"

#include <llvm/Object/ELFObjectFile.h>
#include <llvm/Object/ObjectFile.h>

namespace bpfsh::symbols {

using namespace llvm;
using namespace llvm::object;

namespace {

const ELF64LEObjectFile *as_elf64(const OwningBinary<ObjectFile> &bin) {
  return dyn_cast<ELF64LEObjectFile>(bin.getBinary());
}

std::optional<OwningBinary<ObjectFile>> open(const std::string &path) {
  auto bin = ObjectFile::createObjectFile(path);
  if (!bin) {
    consumeError(bin.takeError());
    return std::nullopt;
  }
  return std::move(*bin);
}

// A defined function or data object named `name` in `symbols`.
template <class Range>
std::optional<uint64_t> find_in(Range symbols, const std::string &name) {
  for (const ELFSymbolRef &s : symbols) {
    uint8_t type = s.getELFType();
    if (type != ELF::STT_FUNC && type != ELF::STT_OBJECT && type != ELF::STT_GNU_IFUNC) continue;
    auto n = s.getName();
    if (!n) {
      consumeError(n.takeError());
      continue;
    }
    if (*n != name) continue;
    auto sec = s.getSection();
    if (!sec) {
      consumeError(sec.takeError());
      continue;
    }
    if (*sec == s.getObject()->section_end()) continue;  // undefined: an import
    auto addr = s.getAddress();
    if (!addr) {
      consumeError(addr.takeError());
      continue;
    }
    return *addr;
  }
  return std::nullopt;
}

}  // namespace

uint64_t ElfLayout::vaddr_of(uint64_t file_offset) const {
  for (const Segment &s : loads)
    if (file_offset >= s.file_offset && file_offset < s.file_offset + s.size)
      return file_offset - s.file_offset + s.vaddr;
  return file_offset;
}

std::optional<ElfLayout> read_elf_layout(const std::string &path) {
  auto bin = open(path);
  if (!bin) return std::nullopt;
  const ELF64LEObjectFile *elf = as_elf64(*bin);
  if (!elf) return std::nullopt;
  const auto &file = elf->getELFFile();
  auto phdrs = file.program_headers();
  if (!phdrs) {
    consumeError(phdrs.takeError());
    return std::nullopt;
  }
  ElfLayout layout;
  layout.position_independent = file.getHeader().e_type == ELF::ET_DYN;
  for (const auto &ph : *phdrs)
    if (ph.p_type == ELF::PT_LOAD)
      layout.loads.push_back({ph.p_offset, ph.p_vaddr, ph.p_filesz, (ph.p_flags & ELF::PF_X) != 0});
  return layout;
}

std::optional<uint64_t> find_elf_symbol(const std::string &path, const std::string &name) {
  auto bin = open(path);
  if (!bin) return std::nullopt;
  const ELF64LEObjectFile *elf = as_elf64(*bin);
  if (!elf) return std::nullopt;
  if (auto a = find_in(elf->symbols(), name)) return a;
  return find_in(elf->getDynamicSymbolIterators(), name);
}

}  // namespace bpfsh::symbols
