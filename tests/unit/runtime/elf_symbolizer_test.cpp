// bpfsh-run's symbolizer, without LLVM: its kallsyms and maps parsing, and
// its names for a binary's functions checked against the host's ELF reader
// (which bpfsh's own symbolizer stands on) and against a live process.
#include <gtest/gtest.h>
#include <unistd.h>

#include "host/elf_file.h"
#include "runtime/elf_symbolizer.h"

namespace bpfsh::runtime {
namespace {

const std::string kTarget = std::string(BPFSH_TOOLS_DIR) + "/dwarf_target";

TEST(ElfSymbolizer, ReadsKallsymsByAddress) {
  auto fns = parse_kallsyms(
      "ffffffff81000010 T second\n"
      "ffffffff81000000 T first\n"
      "0000000000000000 A fixed_percpu_data\n"
      "ffffffff81000000 t alias_of_first\n"
      "ffffffffc0000000 t mod_fn\t[some_module]\n");
  ASSERT_EQ(fns.size(), 4u);
  auto s = function_at(fns, 0xffffffff81000004);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->name, "first");  // the first listed of two at one address
  EXPECT_EQ(s->offset, 4u);
  EXPECT_EQ(function_at(fns, 0xffffffffc0000001)->name, "mod_fn");
  EXPECT_FALSE(function_at(fns, 0x1000));
}

TEST(ElfSymbolizer, KeepsExecutableFileMappings) {
  auto maps = parse_exec_maps(
      "55d0a0000000-55d0a0001000 r--p 00000000 08:01 1234   /usr/bin/prog\n"
      "55d0a0001000-55d0a0005000 r-xp 00001000 08:01 1234   /usr/bin/prog\n"
      "7f0000000000-7f0000002000 r-xp 00000000 00:00 0      [vdso]\n"
      "7f1000000000-7f1000100000 r-xp 00028000 08:01 99     /usr/lib/libc.so.6 (deleted)\n");
  ASSERT_EQ(maps.size(), 2u);
  EXPECT_EQ(maps[0].path, "/usr/bin/prog");
  EXPECT_EQ(maps[0].start, 0x55d0a0001000u);
  EXPECT_EQ(maps[0].file_offset, 0x1000u);
  EXPECT_EQ(maps[1].path, "/usr/lib/libc.so.6");
}

TEST(ElfSymbolizer, NamesEveryFunctionAsTheHostReadsIt) {
  auto b = read_binary(kTarget);
  ASSERT_TRUE(b);
  auto spans = host::function_spans(kTarget);
  ASSERT_FALSE(spans.empty());
  for (const auto &f : spans) {
    if (f.size < 2) continue;
    auto s = function_at(b->functions, f.address + 1);
    ASSERT_TRUE(s) << f.name;
    EXPECT_EQ(s->offset, 1u) << f.name;
    // Several names may share an address (aliases); each is one of them.
    bool alias = false;
    for (const auto &g : spans) alias |= g.address == f.address && g.name == s->name;
    EXPECT_TRUE(alias) << f.name << " named " << s->name;
  }
  EXPECT_FALSE(read_binary("/proc/self/status"));
}

// This test's own code, in its own process, through /proc/self/maps.
TEST(ElfSymbolizer, NamesAnAddressOfALiveProcess) {
  ElfSymbolizer sym;
  auto s = sym.user(getpid(), reinterpret_cast<uint64_t>(&parse_kallsyms));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->name, "bpfsh::runtime::parse_kallsyms(std::__cxx11::basic_string<char, std::char_traits<char>, "
                     "std::allocator<char> > const&)");
  EXPECT_EQ(s->offset, 0u);
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  ASSERT_GT(n, 0);
  EXPECT_EQ(s->module, std::string(self, size_t(n)));
}

}  // namespace
}  // namespace bpfsh::runtime
