// CO-RE: member accesses into kernel structs become BPF CO-RE relocations
// that libbpf patches for the kernel the object loads on.
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <gtest/gtest.h>
#include <linux/bpf.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>

#include "codegen/codegen.h"
#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

std::vector<uint8_t> elf_of(const std::string &text) {
  auto a = test::analyse(text);
  EXPECT_TRUE(a.ok) << a.first_error();
  if (!a.ok) return {};
  driver::Options o;
  auto art = driver::emit(*a.ctx, o, a.info, a.diags);
  EXPECT_TRUE(art);
  return art ? art->elf : std::vector<uint8_t>{};
}

// The number of CO-RE relocation records in the object's .BTF.ext.
size_t core_relocations(const std::vector<uint8_t> &elf) {
  struct Shdr { uint32_t name, type; uint64_t flags, addr, offset, size; uint32_t link, info; uint64_t align, entsize; };
  uint64_t shoff;
  uint16_t shentsize, shnum, shstrndx;
  std::memcpy(&shoff, &elf[0x28], 8);
  std::memcpy(&shentsize, &elf[0x3a], 2);
  std::memcpy(&shnum, &elf[0x3c], 2);
  std::memcpy(&shstrndx, &elf[0x3e], 2);
  auto sh = [&](size_t i) { Shdr s; std::memcpy(&s, &elf[shoff + i * shentsize], sizeof s); return s; };
  Shdr strs = sh(shstrndx);
  for (size_t i = 0; i < shnum; i++) {
    Shdr s = sh(i);
    if (std::strcmp(reinterpret_cast<const char *>(&elf[strs.offset + s.name]), ".BTF.ext") != 0) continue;
    // btf_ext_header: magic, version, flags, hdr_len, then func, line and core_relo (off, len) pairs.
    const uint8_t *h = &elf[s.offset];
    uint32_t hdr_len, core_off, core_len;
    std::memcpy(&hdr_len, h + 4, 4);
    if (hdr_len < 32) return 0;
    std::memcpy(&core_off, h + 24, 4);
    std::memcpy(&core_len, h + 28, 4);
    const uint8_t *p = h + hdr_len + core_off, *end = p + core_len;
    uint32_t rec_size;
    std::memcpy(&rec_size, p, 4);
    size_t n = 0;
    for (p += 4; p + 8 <= end;) {  // per section: name offset, count, records
      uint32_t count;
      std::memcpy(&count, p + 4, 4);
      n += count;
      p += 8 + size_t(count) * rec_size;
    }
    return n;
  }
  return 0;
}

TEST(CoreRelocs, MemberChainsAreRelocations) {
  auto elf = elf_of("tracepoint:syscalls:sys_enter_getppid { @ = curtask->real_parent->tgid; }");
  ASSERT_FALSE(elf.empty());
  EXPECT_EQ(core_relocations(elf), 2u);  // task_struct::real_parent, task_struct::tgid
  // Through an embedded struct and an anonymous union: still one per step.
  EXPECT_GE(core_relocations(elf_of("tracepoint:syscalls:sys_enter_getppid { @ = curtask->se.vruntime; }")), 2u);
}

TEST(CoreRelocs, ScriptStructsAndBitfieldsKeepFixedOffsets) {
  EXPECT_EQ(core_relocations(elf_of("struct s { int a; long b; } tracepoint:syscalls:sys_enter_getppid "
                                    "{ @ = ((struct s *)curtask)->b; }")),
            0u);
}

// The object loads against a kernel whose task_struct is laid out
// differently (a custom BTF stands in for it): libbpf moves the offsets.
TEST(CoreRelocs, LibbpfPatchesOffsetsForAnotherLayoutKernel) {
  if (geteuid() != 0) GTEST_SKIP() << "loading programs needs root";
  auto elf = elf_of("tracepoint:syscalls:sys_enter_getppid { @ = curtask->real_parent->tgid; }");
  ASSERT_FALSE(elf.empty());
  struct btf *b = btf__new_empty();
  int i32 = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
  int ts = btf__add_struct(b, "task_struct", 4096);
  ASSERT_EQ(btf__add_field(b, "real_parent", ts + 1, 64 * 8, 0), 0);
  ASSERT_EQ(btf__add_field(b, "tgid", i32, 128 * 8, 0), 0);
  ASSERT_EQ(btf__add_ptr(b, ts), ts + 1);
  uint32_t size = 0;
  const void *raw = btf__raw_data(b, &size);
  std::string path = "/tmp/bpfsh_core_test_" + std::to_string(getpid()) + ".btf";
  std::ofstream(path, std::ios::binary).write(static_cast<const char *>(raw), size);
  btf__free(b);

  LIBBPF_OPTS(bpf_object_open_opts, opts, .btf_custom_path = path.c_str());
  struct bpf_object *obj = bpf_object__open_mem(elf.data(), elf.size(), &opts);
  ASSERT_TRUE(obj);
  int err = bpf_object__load(obj);
  std::remove(path.c_str());
  ASSERT_EQ(err, 0);
  struct bpf_program *prog = bpf_object__next_program(obj, nullptr);
  ASSERT_TRUE(prog);
  struct bpf_prog_info info = {};
  uint32_t len = sizeof info;
  ASSERT_EQ(bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len), 0);
  std::vector<bpf_insn> insns(info.xlated_prog_len / sizeof(bpf_insn));
  struct bpf_prog_info info2 = {};
  info2.xlated_prog_len = info.xlated_prog_len;
  info2.xlated_prog_insns = reinterpret_cast<uint64_t>(insns.data());
  len = sizeof info2;
  ASSERT_EQ(bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info2, &len), 0);
  std::set<int32_t> imms;
  for (auto &in : insns)
    if (in.code == (BPF_ALU64 | BPF_MOV | BPF_K)) imms.insert(in.imm);
  EXPECT_TRUE(imms.count(64)) << "real_parent not moved to 64";
  EXPECT_TRUE(imms.count(128)) << "tgid not moved to 128";
  bpf_object__close(obj);
}

}  // namespace
}  // namespace bpfsh
