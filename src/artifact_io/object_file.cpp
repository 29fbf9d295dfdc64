// The artifact section is added with libelf on an in-memory file (memfd):
// libelf lays the sections out again and writes the whole object, so the
// BPF code, its relocations and BTF are kept exactly as codegen wrote them.
#include "artifact_io/object_file.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <optional>

#include "artifact_io/json.h"

namespace bpfsh::artifact_io {

namespace {

using Error = std::unexpected<std::string>;

// Closes the descriptor and ends the libelf handle on every path.
struct ElfFile {
  int fd = -1;
  Elf *elf = nullptr;
  ~ElfFile() {
    if (elf) elf_end(elf);
    if (fd >= 0) close(fd);
  }
};

std::string elf_error(const char *what) { return std::string(what) + ": " + elf_errmsg(-1); }

bool write_all(int fd, const void *data, size_t size) {
  auto *p = static_cast<const char *>(data);
  while (size > 0) {
    ssize_t n = write(fd, p, size);
    if (n <= 0) return false;
    p += n;
    size -= size_t(n);
  }
  return true;
}

// Appends `name` to the section-name table and returns its index there.
std::expected<size_t, std::string> add_section_name(Elf *elf, const std::string &name) {
  size_t shstrndx = 0;
  if (elf_getshdrstrndx(elf, &shstrndx) != 0) return Error(elf_error("no section name table"));
  Elf_Scn *strscn = elf_getscn(elf, shstrndx);
  GElf_Shdr sh;
  if (!strscn || !gelf_getshdr(strscn, &sh)) return Error(elf_error("no section name table"));
  Elf_Data *d = elf_newdata(strscn);
  if (!d) return Error(elf_error("cannot extend the section name table"));
  d->d_buf = const_cast<char *>(name.c_str());
  d->d_size = name.size() + 1;
  d->d_align = 1;
  d->d_type = ELF_T_BYTE;
  size_t at = sh.sh_size;
  sh.sh_size += d->d_size;
  gelf_update_shdr(strscn, &sh);
  return at;
}

std::expected<std::vector<uint8_t>, std::string> read_back(int fd) {
  off_t size = lseek(fd, 0, SEEK_END);
  std::vector<uint8_t> out(size_t(size > 0 ? size : 0));
  if (size <= 0 || pread(fd, out.data(), out.size(), 0) != size) return Error("cannot read the object back");
  return out;
}

}  // namespace

std::expected<std::vector<uint8_t>, std::string> write_object(const artifact::Artifact &a,
                                                              const CompiledWith &with) {
  elf_version(EV_CURRENT);
  std::string json = to_json(a, with);
  std::string name = kArtifactSection;
  ElfFile f;
  f.fd = memfd_create("bpfsh-object", MFD_CLOEXEC);
  if (f.fd < 0 || !write_all(f.fd, a.elf.data(), a.elf.size())) return Error("cannot hold the object in memory");
  f.elf = elf_begin(f.fd, ELF_C_RDWR, nullptr);
  if (!f.elf || elf_kind(f.elf) != ELF_K_ELF) return Error(elf_error("codegen's object is not ELF"));
  auto at = add_section_name(f.elf, name);
  if (!at) return Error(at.error());
  Elf_Scn *scn = elf_newscn(f.elf);
  GElf_Shdr sh;
  if (!scn || !gelf_getshdr(scn, &sh)) return Error(elf_error("cannot add a section"));
  sh.sh_name = uint32_t(*at);
  sh.sh_type = SHT_PROGBITS;
  sh.sh_flags = 0;  // not loaded: libbpf skips sections it does not know
  sh.sh_addralign = 1;
  gelf_update_shdr(scn, &sh);
  Elf_Data *d = elf_newdata(scn);
  if (!d) return Error(elf_error("cannot add a section"));
  d->d_buf = json.data();
  d->d_size = json.size();
  d->d_align = 1;
  d->d_type = ELF_T_BYTE;
  if (elf_update(f.elf, ELF_C_WRITE) < 0) return Error(elf_error("cannot write the object"));
  return read_back(f.fd);
}

std::expected<CompiledProgram, std::string> read_object(std::vector<uint8_t> bytes) {
  elf_version(EV_CURRENT);
  Elf *elf = elf_memory(reinterpret_cast<char *>(bytes.data()), bytes.size());
  if (!elf || elf_kind(elf) != ELF_K_ELF) {
    if (elf) elf_end(elf);
    return Error("not an ELF file");
  }
  size_t shstrndx = 0;
  std::optional<std::string> text;
  if (elf_getshdrstrndx(elf, &shstrndx) == 0) {
    for (Elf_Scn *scn = elf_nextscn(elf, nullptr); scn && !text; scn = elf_nextscn(elf, scn)) {
      GElf_Shdr sh;
      if (!gelf_getshdr(scn, &sh)) continue;
      const char *n = elf_strptr(elf, shstrndx, sh.sh_name);
      if (!n || std::strcmp(n, kArtifactSection) != 0) continue;
      Elf_Data *d = elf_getdata(scn, nullptr);
      text = d && d->d_buf ? std::string(static_cast<const char *>(d->d_buf), d->d_size) : std::string();
    }
  }
  elf_end(elf);
  if (!text)
    return Error(std::string("a plain BPF object without a ") + kArtifactSection +
                 " section: compile the program with bpfsh --emit-elf");
  auto p = from_json(*text);
  if (!p) return p;
  p->artifact.elf = std::move(bytes);
  return p;
}

}  // namespace bpfsh::artifact_io
