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

// A pid that exec'd has run two programs: the first one's addresses, in
// values sent before the exec, keep its names (here for a pid gone, whose
// probed binaries stand in where they were loaded).
TEST(ElfSymbolizer, KeepsEachImageOfAnExecdPid) {
  const std::string other = std::string(BPFSH_TOOLS_DIR) + "/stack_target";
  auto first = read_binary(kTarget), second = read_binary(other);
  ASSERT_TRUE(first && second);
  auto named = [](const ElfSymbolizer::Binary &b, const std::string &name) {
    for (const auto &f : b.functions)
      if (f.name == name) return f.addr;
    return uint64_t(0);
  };
  uint64_t main1 = named(*first, "main"), main2 = named(*second, "main");
  ASSERT_TRUE(main1 && main2);
  const int32_t gone = 999999999;  // above any pid_max: no /proc entry
  ElfSymbolizer s;
  s.process_seen(gone, kTarget, 0x10000000);
  s.process_seen(gone, other, 0x50000000);
  auto a = s.user(gone, 0x10000000 + main1 + 1), b = s.user(gone, 0x50000000 + main2 + 1);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->module, kTarget);
  EXPECT_EQ(b->module, other);
  EXPECT_EQ(a->name, "main");
  EXPECT_EQ(a->offset, 1u);
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
