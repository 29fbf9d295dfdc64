// A compiled program on disk: codegen's object with the artifact section
// added stays an object libbpf opens as it did, its BPF code, BTF and CO-RE
// relocations untouched, and reads back as the Artifact it was.
#include <bpf/libbpf.h>
#include <gelf.h>
#include <gtest/gtest.h>
#include <libelf.h>

#include <map>

#include "artifact_io/json.h"
#include "artifact_io/object_file.h"
#include "codegen/codegen_test_util.h"

namespace bpfsh {
namespace {

// Each section's bytes by name (NOBITS sections hold none).
std::map<std::string, std::string> sections(std::vector<uint8_t> elf) {
  elf_version(EV_CURRENT);
  std::map<std::string, std::string> out;
  Elf *e = elf_memory(reinterpret_cast<char *>(elf.data()), elf.size());
  size_t strndx = 0;
  EXPECT_EQ(elf_getshdrstrndx(e, &strndx), 0);
  for (Elf_Scn *s = elf_nextscn(e, nullptr); s; s = elf_nextscn(e, s)) {
    GElf_Shdr sh;
    gelf_getshdr(s, &sh);
    Elf_Data *d = elf_getdata(s, nullptr);
    out[elf_strptr(e, strndx, sh.sh_name)] =
        d && d->d_buf ? std::string(static_cast<char *>(d->d_buf), d->d_size) : std::string();
  }
  elf_end(e);
  return out;
}

// A tracepoint probe that reads a kernel struct (a CO-RE relocation) and
// prints: programs, maps, formats and layouts all in the artifact.
const char *kProgram =
    "tracepoint:sched:sched_switch { @[curtask->pid] = count(); printf(\"%d\\n\", curtask->tgid); "
    "@h = hist(args.prev_pid); }";

TEST(ObjectFile, KeepsTheObjectAndAddsTheArtifact) {
  auto a = test::build(kProgram);
  ASSERT_TRUE(a);
  auto bytes = artifact_io::write_object(*a, {{"7"}, 42});
  ASSERT_TRUE(bytes) << bytes.error();
  auto before = sections(a->elf), after = sections(*bytes);
  ASSERT_TRUE(before.count(".BTF.ext"));  // where the CO-RE relocations are
  for (const auto &[name, data] : before) {
    if (name == ".strtab" || name == ".shstrtab") continue;
    EXPECT_EQ(after[name], data) << name << " changed";
  }
  EXPECT_EQ(after.count(artifact_io::kArtifactSection), 1u);

  auto back = artifact_io::read_object(*bytes);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->artifact.elf, *bytes);
  EXPECT_EQ(artifact_io::to_json(back->artifact, back->with), artifact_io::to_json(*a, {{"7"}, 42}));
}

TEST(ObjectFile, LibbpfOpensTheWrittenObject) {
  auto a = test::build(kProgram);
  ASSERT_TRUE(a);
  auto bytes = artifact_io::write_object(*a);
  ASSERT_TRUE(bytes) << bytes.error();
  bpf_object *obj = bpf_object__open_mem(bytes->data(), bytes->size(), nullptr);
  ASSERT_NE(obj, nullptr);
  size_t progs = 0;
  bpf_program *p;
  bpf_object__for_each_program(p, obj) progs++;
  EXPECT_EQ(progs, a->probes.size());
  EXPECT_NE(bpf_object__find_map_by_name(obj, a->maps[0].elf_name.c_str()), nullptr);
  bpf_object__close(obj);
}

TEST(ObjectFile, APlainObjectIsRefused) {
  auto a = test::build(kProgram);
  ASSERT_TRUE(a);
  auto back = artifact_io::read_object(a->elf);
  ASSERT_FALSE(back);
  EXPECT_NE(back.error().find("without a .bpfsh.artifact section"), std::string::npos) << back.error();
  EXPECT_FALSE(artifact_io::read_object({'n', 'o', 't', ' ', 'E', 'L', 'F'}));
}

}  // namespace
}  // namespace bpfsh
