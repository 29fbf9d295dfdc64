// Reads the .note.stapsdt notes of an ELF file.
#include "host/usdt_notes.h"

#include <cstring>
#include <optional>

#include "host/elf_handle.h"

namespace bpfsh::host {

namespace {

constexpr uint32_t kStapsdtNoteType = 3;

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

}  // namespace

std::vector<UsdtSite> read_usdt_sites(const std::string &path) {
  std::vector<UsdtSite> sites;
  ElfHandle f(path);
  if (!f || gelf_getclass(f.elf()) != ELFCLASS64) return sites;
  GElf_Shdr sh;
  uint64_t actual_base = 0;
  if (f.section_named(".stapsdt.base", sh)) actual_base = sh.sh_addr;
  Elf_Scn *scn = f.section_named(".note.stapsdt", sh);
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

}  // namespace bpfsh::host
