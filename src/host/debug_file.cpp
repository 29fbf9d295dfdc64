// Finds the file holding a binary's DWARF (debug_file.h), reading the
// sections with libelf.
#include "host/debug_file.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "host/elf_handle.h"

namespace bpfsh::host {

namespace {

bool has_section(const ElfHandle &elf, const char *name) {
  GElf_Shdr sh;
  Elf_Scn *s = elf.section_named(name, sh);
  return s && sh.sh_type != SHT_NOBITS && sh.sh_size > 0;
}

std::string section_bytes(const ElfHandle &elf, const char *name) {
  GElf_Shdr sh;
  Elf_Scn *s = elf.section_named(name, sh);
  if (!s || sh.sh_type == SHT_NOBITS) return "";
  Elf_Data *d = elf_getdata(s, nullptr);
  return d && d->d_buf ? std::string(static_cast<const char *>(d->d_buf), d->d_size) : "";
}

bool has_dwarf(const std::string &path) {
  ElfHandle elf(path);
  return elf && has_section(elf, ".debug_info");
}

// .gnu_debuglink: the debug file's name, NUL-terminated (then a CRC, unchecked:
// the build id, when there is one, names the file exactly).
std::string debuglink(const ElfHandle &elf) {
  std::string s = section_bytes(elf, ".gnu_debuglink");
  return s.empty() ? "" : std::string(s.c_str());
}

// .note.gnu.build-id: namesz, descsz, type, "GNU\0", then the id, as hex.
std::string build_id(const ElfHandle &elf) {
  std::string s = section_bytes(elf, ".note.gnu.build-id");
  if (s.size() < 16) return "";
  uint32_t namesz, descsz;
  std::memcpy(&namesz, s.data(), 4);
  std::memcpy(&descsz, s.data() + 4, 4);
  size_t desc = 12 + ((namesz + 3) & ~3u);
  if (desc + descsz > s.size()) return "";
  std::string hex;
  char b[3];
  for (size_t i = 0; i < descsz; i++) {
    std::snprintf(b, sizeof b, "%02x", static_cast<unsigned char>(s[desc + i]));
    hex += b;
  }
  return hex;
}

std::vector<std::string> candidates(const std::string &path, const ElfHandle &elf,
                                    const std::vector<std::string> &debug_dirs) {
  std::vector<std::string> out;
  std::string id = build_id(elf);
  if (id.size() > 2)
    for (auto &d : debug_dirs) out.push_back(d + "/.build-id/" + id.substr(0, 2) + "/" + id.substr(2) + ".debug");
  std::string link = debuglink(elf);
  if (link.empty()) return out;
  std::string dir = path.substr(0, path.rfind('/') + 1);
  out.push_back(dir + link);
  out.push_back(dir + ".debug/" + link);
  for (auto &d : debug_dirs) {
    out.push_back(d + "/" + dir + link);
    out.push_back(d + "/" + link);  // a folder of debug files, as --debuginfo names
  }
  return out;
}

}  // namespace

std::optional<std::string> find_debug_file(const std::string &path, const std::vector<std::string> &debug_dirs,
                                           std::string &why) {
  ElfHandle elf(path);
  if (!elf) {
    why = path + " is not an ELF file";
    return std::nullopt;
  }
  if (has_section(elf, ".debug_info")) return path;
  for (auto &c : candidates(path, elf, debug_dirs))
    if (c != path && access(c.c_str(), R_OK) == 0 && has_dwarf(c)) return c;
  why = path + " has no DWARF debug info, and no separate debug file of it was found";
  return std::nullopt;
}

}  // namespace bpfsh::host
