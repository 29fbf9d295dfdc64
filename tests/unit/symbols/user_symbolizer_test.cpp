// The symbolizer on this test binary itself: a PIE C++ executable, so the
// answers need its mappings, its program headers and demangling.
#include "symbols/user_symbolizer.h"

#include "host/live_host.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <fstream>

namespace bpfsh::symbols {
namespace {

host::LiveHost live;

__attribute__((noinline)) int marker_function(int x) {
  __asm__ volatile("" ::: "memory");
  return x * 3 + 1;
}

uint64_t marker_address() { return reinterpret_cast<uint64_t>(&marker_function); }

std::string self_exe() {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  return n > 0 ? std::string(exe, size_t(n)) : "";
}

const std::string kMarker = "bpfsh::symbols::(anonymous namespace)::marker_function(int)";

TEST(UserSymbolizer, NamesAFunctionOfALiveProcessWithItsOffset) {
  UserSymbolizer s(live);
  auto sym = s.resolve(getpid(), marker_address() + 2);
  ASSERT_TRUE(sym);
  EXPECT_EQ(sym->name, kMarker);
  EXPECT_EQ(sym->offset, 2u);
  EXPECT_EQ(sym->module, self_exe());
}

TEST(UserSymbolizer, TheBinaryIsPositionIndependent) {
  auto layout = host::read_elf_layout(self_exe());
  ASSERT_TRUE(layout);
  EXPECT_TRUE(layout->position_independent);
  EXPECT_FALSE(layout->loads.empty());
  // The address the file was linked at differs from where it runs.
  auto linked = host::symbol_address(self_exe(), "_ZN5bpfsh7symbols12_GLOBAL__N_115marker_functionEi");
  ASSERT_TRUE(linked);
  EXPECT_NE(*linked, marker_address());
  UserSymbolizer s(live);
  auto sym = s.resolve_in_file(self_exe(), *linked + 1);
  ASSERT_TRUE(sym);
  EXPECT_EQ(sym->name, kMarker);
  EXPECT_EQ(sym->offset, 1u);
}

TEST(UserSymbolizer, AProcessThatExitedResolvesFromItsSnapshot) {
  int gate[2];
  ASSERT_EQ(pipe(gate), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    char c;
    close(gate[1]);
    (void)!read(gate[0], &c, 1);  // until the parent closes its end
    _exit(marker_function(1) == 4 ? 0 : 1);
  }
  close(gate[0]);
  UserSymbolizer remembered(live), forgetful(live);
  remembered.remember(child);
  EXPECT_TRUE(remembered.remembers(child));
  close(gate[1]);
  int status;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  // A fork shares our layout, so the marker is at the same address there.
  auto sym = remembered.resolve(child, marker_address());
  ASSERT_TRUE(sym);
  EXPECT_EQ(sym->name, kMarker);
  EXPECT_FALSE(forgetful.resolve(child, marker_address()));
}

TEST(UserSymbolizer, AProcessGoneBeforeItsSnapshotResolvesFromItsLoadBias) {
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(0);
  int status;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  auto linked = host::symbol_address(self_exe(), "_ZN5bpfsh7symbols12_GLOBAL__N_115marker_functionEi");
  ASSERT_TRUE(linked);
  // What a uprobe reports: the binary and how far above its link-time
  // addresses it was loaded (a fork shares our layout).
  UserSymbolizer s(live);
  s.remember(child, self_exe(), marker_address() - *linked);
  auto sym = s.resolve(child, marker_address() + 1);
  ASSERT_TRUE(sym);
  EXPECT_EQ(sym->name, kMarker);
  EXPECT_EQ(sym->offset, 1u);
  EXPECT_FALSE(s.resolve(child, 0x10));
}

// The line of `source` tagged "// line:TAG" (tests/tools/inline_target.c).
uint32_t tagged_line(const std::string &source, const std::string &tag) {
  std::ifstream in(source);
  std::string line;
  for (uint32_t n = 1; std::getline(in, line); n++)
    if (line.ends_with("// line:" + tag)) return n;
  return 0;
}

TEST(UserSymbolizer, LinesAndInlinedFunctionsComeFromDwarf) {
  std::string target = std::string(BPFSH_TOOLS_DIR) + "/inline_target";
  auto leaf = live.symbol_address(target, "leaf");
  auto outer = live.symbol_address(target, "outer");
  ASSERT_TRUE(leaf && outer);
  UserSymbolizer s(live);
  auto l = s.resolve_in_file_with_lines(target, *leaf, false);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->name, "leaf");
  EXPECT_EQ(l->offset, 0u);
  ASSERT_TRUE(l->at.file.ends_with("/tests/tools/inline_target.c")) << l->at.file;
  EXPECT_EQ(l->at.line, tagged_line(l->at.file, "leaf"));
  EXPECT_TRUE(l->inlined.empty());
  EXPECT_TRUE(s.resolve_in_file(target, *leaf)->at.file.empty()) << "names alone read no line table";
  // middle's code lies in outer: the first address of outer that is middle's.
  std::optional<UserSymbol> in;
  uint64_t a = *outer;
  for (; a < *outer + 64; a++)
    if ((in = s.resolve_in_file_with_lines(target, a, false)) && !in->inlined.empty()) break;
  ASSERT_TRUE(in && in->inlined.size() == 1u) << "middle is not inlined in outer";
  EXPECT_EQ(in->name, "outer");
  EXPECT_EQ(in->inlined[0].name, "middle");
  EXPECT_EQ(in->inlined[0].at.file, l->at.file);
  EXPECT_EQ(in->at.line, tagged_line(l->at.file, "outer")) << "outer's line is where it calls middle";
  // A return address one byte on has the same lines and chain, its own offset.
  auto ret = s.resolve_in_file_with_lines(target, a + 1, true);
  ASSERT_TRUE(ret);
  EXPECT_EQ(ret->offset, in->offset + 1);
  EXPECT_EQ(ret->at.line, in->at.line);
  ASSERT_EQ(ret->inlined.size(), 1u);
  EXPECT_EQ(ret->inlined[0].at.line, in->inlined[0].at.line);
}

TEST(UserSymbolizer, UnknownAddressesAndFiles) {
  UserSymbolizer s(live);
  EXPECT_FALSE(s.resolve(getpid(), 0x10));
  EXPECT_FALSE(s.resolve_in_file("/no/such/binary", 0x1000));
  EXPECT_FALSE(host::symbol_address(self_exe(), "no_such_symbol_anywhere"));
  EXPECT_FALSE(host::read_elf_layout("/proc/self/status"));
}

}  // namespace
}  // namespace bpfsh::symbols
