// Symbols are looked up when values are decoded for printing, once per address.
#include "runtime/symbol_resolver.h"

#include <gtest/gtest.h>

#include <cstring>

#include "runtime/printf_format.h"

namespace bpfsh::runtime {
namespace {

using artifact::Layout;

class FakeSymbolizer final : public Symbolizer {
 public:
  std::optional<Symbol> kernel(uint64_t addr) override {
    kernel_calls++;
    if (addr < 0x1000) return std::nullopt;
    return Symbol{"kfunc", addr - 0x1000, ""};
  }
  std::optional<Symbol> user(int32_t pid, uint64_t addr) override {
    user_calls++;
    return Symbol{"ufunc_" + std::to_string(pid), addr & 0xf, "/bin/x"};
  }
  // Each address in a function of its own, with one function inlined there;
  // a return address's line is 1000 on.
  std::optional<Symbol> user_with_lines(int32_t pid, uint64_t addr, bool return_address) override {
    lines_calls++;
    uint32_t line = uint32_t(addr & 0xff) + (return_address ? 1000 : 0);
    return Symbol{"f" + std::to_string(addr), 3, "/bin/x", {"/src/x.c", line}, {{"inl", {"/src/x.h", 5}}}};
  }
  std::vector<uint64_t> unwind_user(int32_t, uint64_t, uint64_t, uint64_t, std::span<const uint8_t>,
                                    uint32_t) override {
    return {0x10, 0x20, 0x30};
  }
  void process_seen(int32_t pid, const std::string &binary, uint64_t bias) override {
    seen = pid;
    seen_binary = binary;
    seen_bias = bias;
  }
  int kernel_calls = 0, user_calls = 0, lines_calls = 0, seen = 0;
  std::string seen_binary;
  uint64_t seen_bias = 0;
};

Layout layout(Layout::Kind k, uint32_t size) {
  Layout l;
  l.kind = k;
  l.size = size;
  l.stack_limit = 4;
  return l;
}

std::vector<uint8_t> words(std::initializer_list<uint64_t> ws) {
  std::vector<uint8_t> b(ws.size() * 8);
  size_t i = 0;
  for (uint64_t w : ws) std::memcpy(b.data() + 8 * i++, &w, 8);
  return b;
}

TEST(SymbolResolver, NamesKernelAndUserAddressesOnce) {
  FakeSymbolizer fake;
  SymbolCache cache(&fake);
  SymbolResolver r(cache, {});
  auto k = words({0x1010});
  EXPECT_EQ(decode(layout(Layout::Kind::KSym, 8), k.data(), &r).s, "kfunc");
  EXPECT_EQ(decode(layout(Layout::Kind::KSym, 8), k.data(), &r).s, "kfunc");
  EXPECT_EQ(fake.kernel_calls, 1);
  auto low = words({0x10});
  EXPECT_EQ(decode(layout(Layout::Kind::KSym, 8), low.data(), &r).s, "0x10");
  auto u = words({0x5555, 42});
  EXPECT_EQ(decode(layout(Layout::Kind::USym, 16), u.data(), &r).s, "ufunc_42");
  EXPECT_EQ(decode(layout(Layout::Kind::USym, 16), u.data(), &r).s, "ufunc_42");
  EXPECT_EQ(fake.user_calls, 1);
}

// As upstream, a usym is its function's name alone, with show_debug_info too.
TEST(SymbolResolver, UsymIsTheNameAloneWithDebugInfoToo) {
  FakeSymbolizer fake;
  SymbolCache cache(&fake);
  SymbolResolver plain(cache, {}), lines(cache, {}, /*debug_info=*/true);
  auto u = words({0x5507, 42});
  EXPECT_EQ(decode(layout(Layout::Kind::USym, 16), u.data(), &plain).s, "ufunc_42");
  EXPECT_EQ(decode(layout(Layout::Kind::USym, 16), u.data(), &lines).s, "ufunc_42");
  EXPECT_EQ(fake.lines_calls, 0) << "a usym looks no line up";
}

// A dw_ustack sample (its frames from unwind_user) needs no kernel stack map.
Value sample_stack(SymbolResolver &r, artifact::StackMode mode, uint32_t limit) {
  auto head = words({77, 42, 0, 0, 0, 0});
  r.add_sample(head.data(), head.size());
  Layout l = layout(Layout::Kind::UStack, 16);
  l.dwarf = true;
  l.stack_mode = mode;
  l.stack_limit = limit;
  auto id = words({77, 42});
  return decode(l, id.data(), &r);
}

// The samples kept are bounded: past kMaxSamples the oldest is forgotten.
TEST(SymbolResolver, OnlySoManySamplesAreKept) {
  SymbolCache cache(nullptr);
  auto head = words({0, 42, 0, 0, 0, 0});
  for (uint64_t id = 1; id <= SymbolCache::kMaxSamples + 2; id++) {
    std::memcpy(head.data(), &id, 8);
    cache.add_sample(head.data(), head.size());
  }
  EXPECT_FALSE(cache.has_sample(1));
  EXPECT_FALSE(cache.has_sample(2));
  EXPECT_TRUE(cache.has_sample(3));
  EXPECT_TRUE(cache.has_sample(SymbolCache::kMaxSamples + 2));
}

TEST(SymbolResolver, DebugInfoStacksCountFramesNotLinesAndLookUpCallsBeforeReturnAddresses) {
  FakeSymbolizer fake;
  SymbolCache cache(&fake);
  SymbolResolver r(cache, {}, /*debug_info=*/true);
  Value v = sample_stack(r, artifact::StackMode::Bpftrace, 2);
  EXPECT_EQ(v.s, "\n        [inlined] inl@/src/x.h:5\n        f16+3@/src/x.c:16\n"
                 "        [inlined] inl@/src/x.h:5\n        f32+3@/src/x.c:1032\n");
  EXPECT_EQ(v.frames, (std::vector<std::string>{"inl", "f16", "inl", "f32"}));
  EXPECT_EQ(fake.user_calls, 0);
  SymbolResolver plain(cache, {});
  EXPECT_EQ(sample_stack(plain, artifact::StackMode::Bpftrace, 2).s, "\n        ufunc_42+0\n        ufunc_42+0\n");
}

TEST(SymbolResolver, WithoutASymbolizerAddressesPrintAsNumbers) {
  auto k = words({0xabc});
  EXPECT_EQ(decode(layout(Layout::Kind::KSym, 8), k.data()).s, "0xabc");
  SymbolCache none(nullptr);
  SymbolResolver r(none, {});
  EXPECT_EQ(decode(layout(Layout::Kind::KSym, 8), k.data(), &r).s, "0xabc");
}

TEST(SymbolResolver, AStackTheKernelCouldNotRecordHasNoFrames) {
  FakeSymbolizer fake;
  SymbolCache cache(&fake);
  SymbolResolver r(cache, {});
  auto id = words({uint64_t(-14), 7});  // -EFAULT, as bpf_get_stackid reports it
  Value v = decode(layout(Layout::Kind::UStack, 16), id.data(), &r);
  EXPECT_EQ(v.kind, Value::Kind::Stack);
  EXPECT_TRUE(v.user);
  EXPECT_EQ(v.s, "\n");
  EXPECT_TRUE(v.frames.empty());
}

TEST(SymbolResolver, PrintfNamesSymbolArguments) {
  FakeSymbolizer fake;
  SymbolCache cache(&fake);
  SymbolResolver r(cache, {});
  artifact::FormatSpec spec{"[%s] [%-8s]\n", {{layout(Layout::Kind::KSym, 8), 0}, {layout(Layout::Kind::USym, 16), 8}}};
  auto f = Formatter::compile(spec, &r);
  ASSERT_TRUE(f) << f.error();
  auto payload = words({0x1004, 0x2222, 9});
  EXPECT_EQ(f->format(payload.data(), payload.size()), "[kfunc] [ufunc_9 ]\n");
}

TEST(SymbolResolver, ProcessesSeenReachTheSymbolizer) {
  FakeSymbolizer fake;
  SymbolCache cache(&fake);
  SymbolResolver r(cache, {});
  r.process_seen(1234, "/bin/x", 0x5000);
  EXPECT_EQ(fake.seen, 1234);
  EXPECT_EQ(fake.seen_binary, "/bin/x");
  EXPECT_EQ(fake.seen_bias, 0x5000u);
}

}  // namespace
}  // namespace bpfsh::runtime
