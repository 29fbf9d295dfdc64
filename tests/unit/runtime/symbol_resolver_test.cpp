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
  void process_seen(int32_t pid, const std::string &binary, uint64_t bias) override {
    seen = pid;
    seen_binary = binary;
    seen_bias = bias;
  }
  int kernel_calls = 0, user_calls = 0, seen = 0;
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
