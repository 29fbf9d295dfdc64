// What codegen records for stacks and symbols: one stack map per frame
// limit, the layouts the runtime decodes, compile-time address lookups.
#include <bpf/libbpf.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <climits>

#include "codegen/codegen.h"
#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

using artifact::Layout;

struct Built {
  std::optional<artifact::Artifact> art;
  std::string error;
};

Built build(const std::string &text) {
  auto a = test::analyse(text);
  EXPECT_TRUE(a.ok) << a.first_error();
  if (!a.ok) return {};
  driver::Options o;
  Built b;
  b.art = driver::emit(*a.ctx, o, a.info, a.diags);
  for (auto &d : a.diags.all()) b.error = d.message;
  return b;
}

std::string self_exe() {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  return n > 0 ? std::string(exe, size_t(n)) : "";
}

TEST(StacksCodegen, OneStackMapPerFrameLimit) {
  auto b = build("profile:hz:99 { @a[kstack, ustack(5)] = count(); @b[kstack(perf)] = count(); }");
  ASSERT_TRUE(b.art) << b.error;
  ASSERT_EQ(b.art->stack_maps.size(), 2u);
  EXPECT_EQ(b.art->stack_maps[0].limit, 127u);
  EXPECT_EQ(b.art->stack_maps[0].elf_name, "stack127");
  EXPECT_EQ(b.art->stack_maps[1].limit, 5u);
  const Layout &key = b.art->maps[0].key;
  ASSERT_EQ(key.kind, Layout::Kind::Tuple);
  EXPECT_EQ(key.elems[0].kind, Layout::Kind::KStack);
  EXPECT_EQ(key.elems[0].size, 8u);
  EXPECT_EQ(key.elems[1].kind, Layout::Kind::UStack);
  EXPECT_EQ(key.elems[1].size, 24u);  // stack id, pid, the caller at an entry
  EXPECT_EQ(key.elems[1].stack_limit, 5u);
  EXPECT_EQ(b.art->maps[1].key.stack_mode, artifact::StackMode::Perf);
}

TEST(StacksCodegen, SymbolsInPrintf) {
  auto b = build("profile:hz:99 { printf(\"%s %s %s\\n\", ksym(reg(\"ip\")), usym(reg(\"ip\")), kstack(raw, 2)); }");
  ASSERT_TRUE(b.art) << b.error;
  auto &args = b.art->formats[0].args;
  ASSERT_EQ(args.size(), 3u);
  EXPECT_EQ(args[0].layout.kind, Layout::Kind::KSym);
  EXPECT_EQ(args[1].layout.kind, Layout::Kind::USym);
  EXPECT_EQ(args[1].offset, 8u);
  EXPECT_EQ(args[2].layout.kind, Layout::Kind::KStack);
  EXPECT_EQ(args[2].offset, 24u);
  EXPECT_EQ(args[2].layout.stack_limit, 2u);
}

// A dw_ustack is keyed by its sample's id: a ustack's 24 bytes, no stack
// map, and a layout that tells the runtime to look the id up among the
// samples it unwound; its limit may pass the kernel's 127.
TEST(StacksCodegen, DwUstackIsASampleIdWithAUstackLayout) {
  auto b = build("uprobe:" + self_exe() + ":main { @a[dw_ustack(perf, 500)] = count(); print(dw_ustack); }");
  ASSERT_TRUE(b.art) << b.error;
  EXPECT_TRUE(b.art->stack_maps.empty());
  const Layout &key = b.art->maps[0].key;
  EXPECT_EQ(key.kind, Layout::Kind::UStack);
  EXPECT_TRUE(key.dwarf);
  EXPECT_EQ(key.size, 24u);
  EXPECT_EQ(key.stack_limit, 500u);
  EXPECT_EQ(key.stack_mode, artifact::StackMode::Perf);
  ASSERT_EQ(b.art->values.size(), 1u);
  EXPECT_TRUE(b.art->values[0].dwarf);
}

// A ustack and a dw_ustack are different types: one map can not hold both.
TEST(StacksCodegen, DwUstackAndUstackDoNotShareAMap) {
  auto a = test::analyse("uprobe:" + self_exe() + ":main { @[ustack] = 1; @[dw_ustack] = 2; }");
  EXPECT_FALSE(a.ok);
  EXPECT_NE(a.first_error().find("dw_ustack"), std::string::npos) << a.first_error();
}

// ustack(build_id) has a stack map of its own, flagged so the kernel
// writes build ids; the same limit in another mode does not share it.
TEST(StacksCodegen, BuildIdStacksHaveTheirOwnStackMap) {
  auto b = build("uprobe:" + self_exe() + ":main { @a[ustack(build_id, 4)] = count(); @b[ustack(4)] = count(); }");
  ASSERT_TRUE(b.art) << b.error;
  ASSERT_EQ(b.art->stack_maps.size(), 2u);
  EXPECT_TRUE(b.art->stack_maps[0].build_id);
  EXPECT_FALSE(b.art->stack_maps[1].build_id);
  EXPECT_EQ(b.art->stack_maps[0].limit, b.art->stack_maps[1].limit);
  EXPECT_NE(b.art->stack_maps[0].elf_name, b.art->stack_maps[1].elf_name);
  EXPECT_EQ(b.art->maps[0].key.stack_mode, artifact::StackMode::BuildId);
}

// ustack_unwind = dwarf: a uprobe's ustack is a dw_ustack; a tracepoint's
// is not (its registers are not the user's).
TEST(StacksCodegen, UstackUnwindDwarfMakesUprobeStacksSamples) {
  auto b = build("config = { ustack_unwind = dwarf } uprobe:" + self_exe() +
                 ":main { @a[ustack] = count(); @b[ustack(perf, 3)] = count(); } "
                 "tracepoint:syscalls:sys_enter_dup { @c[ustack] = count(); }");
  ASSERT_TRUE(b.art) << b.error;
  EXPECT_TRUE(b.art->maps[0].key.dwarf);
  EXPECT_TRUE(b.art->maps[1].key.dwarf);
  EXPECT_EQ(b.art->maps[1].key.stack_mode, artifact::StackMode::Perf);
  EXPECT_FALSE(b.art->maps[2].key.dwarf);
  ASSERT_EQ(b.art->stack_maps.size(), 1u);  // the tracepoint's
}

// The addresses themselves are looked up by sema (stacks_symbols_test.cpp).
// dw_ustack's 12 KiB samples get a ring buffer of 16 MiB, unless the user
// sized it (perf_rb_pages); a program without them keeps the default.
TEST(StacksCodegen, DwarfSamplesGetALargerRingUnlessItWasSized) {
  auto ring_bytes = [](const std::string &text) -> uint32_t {
    auto b = build(text);
    if (!b.art) return 0;
    bpf_object *obj = bpf_object__open_mem(b.art->elf.data(), b.art->elf.size(), nullptr);
    if (!obj) return 0;
    bpf_map *m = bpf_object__find_map_by_name(obj, b.art->ringbuf_name.c_str());
    uint32_t n = m ? bpf_map__max_entries(m) : 0;
    bpf_object__close(obj);
    return n;
  };
  std::string probe = "uprobe:" + self_exe() + ":main { ";
  uint32_t plain = ring_bytes(probe + "@[ustack] = count(); }");
  ASSERT_GT(plain, 0u);
  EXPECT_LT(plain, 16u << 20);
  EXPECT_EQ(ring_bytes(probe + "@[dw_ustack] = count(); }"), 16u << 20);
  EXPECT_EQ(ring_bytes("config = { perf_rb_pages = 1 } " + probe + "@[dw_ustack] = count(); }"), plain / 64);
}

TEST(StacksCodegen, ResolvedAddressesBuild) {
  EXPECT_TRUE(build("BEGIN { @ = kaddr(\"vfs_read\"); }").art);
  EXPECT_TRUE(build("uprobe:" + self_exe() + ":main { @ = usym(uaddr(\"main\")); }").art);
}

}  // namespace
}  // namespace bpfsh
