#include "runtime/printf_format.h"

#include <gtest/gtest.h>

#include <cstring>

namespace bpfsh::runtime {
namespace {

using artifact::Layout;

Layout int_layout(bool is_signed) {
  Layout l;
  l.kind = Layout::Kind::Int;
  l.is_signed = is_signed;
  l.size = 8;
  return l;
}

Layout str_layout(uint32_t size) {
  Layout l;
  l.kind = Layout::Kind::Str;
  l.size = size;
  return l;
}

// Builds a payload of 8-byte integers and strings laid out one after another.
struct Payload {
  artifact::FormatSpec spec;
  std::vector<uint8_t> bytes;

  Payload &i(int64_t v, bool is_signed = true) {
    spec.args.push_back({int_layout(is_signed), uint32_t(bytes.size())});
    bytes.resize(bytes.size() + 8);
    std::memcpy(bytes.data() + bytes.size() - 8, &v, 8);
    return *this;
  }
  Payload &s(const std::string &v, uint32_t size) {
    spec.args.push_back({str_layout(size), uint32_t(bytes.size())});
    size_t off = bytes.size();
    bytes.resize(off + size, 0);
    std::memcpy(bytes.data() + off, v.data(), std::min<size_t>(v.size(), size));
    return *this;
  }
  std::string run(const std::string &fmt) {
    spec.fmt = fmt;
    auto f = Formatter::compile(spec);
    if (!f) return "ERR: " + f.error();
    return f->format(bytes.data(), bytes.size());
  }
};

TEST(PrintfFormat, PlainText) { EXPECT_EQ(Payload{}.run("hello\n"), "hello\n"); }

TEST(PrintfFormat, Percent) { EXPECT_EQ(Payload{}.run("100%%\n"), "100%\n"); }

TEST(PrintfFormat, SignedAndUnsigned) {
  EXPECT_EQ(Payload{}.i(-5).run("%d"), "-5");
  EXPECT_EQ(Payload{}.i(-5).run("%i"), "-5");
  EXPECT_EQ(Payload{}.i(-1).run("%u"), "18446744073709551615");
  EXPECT_EQ(Payload{}.i(42, false).run("%lu %llu %zu"), "ERR: format \"%lu %llu %zu\": more conversions than arguments");
  EXPECT_EQ(Payload{}.i(42, false).i(7).i(9).run("%lu %lld %hhd"), "42 7 9");
}

TEST(PrintfFormat, Hex) {
  EXPECT_EQ(Payload{}.i(255).run("%x %X"), "ERR: format \"%x %X\": more conversions than arguments");
  EXPECT_EQ(Payload{}.i(255).i(255).run("%x %X"), "ff FF");
  EXPECT_EQ(Payload{}.i(-1).run("%x"), "ffffffffffffffff");
  EXPECT_EQ(Payload{}.i(255).run("%#x"), "0xff");
  EXPECT_EQ(Payload{}.i(8).run("%o"), "10");
}

// hh and h cut the value to 8 and 16 bits as C's printf does; no modifier,
// l, ll, j, z and t print all 64 bits (bpftrace's integers are 64-bit).
TEST(PrintfFormat, LengthModifiersTruncate) {
  int64_t wide = 0x1234567890;
  EXPECT_EQ(Payload{}.i(wide).i(wide).i(wide).i(255).run("%hhx %hx %x %hhd"), "90 7890 1234567890 -1");
  EXPECT_EQ(Payload{}.i(wide).i(wide).run("%lx %llx"), "1234567890 1234567890");
  EXPECT_EQ(Payload{}.i(wide).i(wide).run("%ld %lld"), "78187493520 78187493520");
  EXPECT_EQ(Payload{}.i(0xffff).i(0x18000).i(0x1ff).run("%hd %hd %hhu"), "-1 -32768 255");
  EXPECT_EQ(Payload{}.i(-1).i(-1).run("%hu %hhX"), "65535 FF");
  EXPECT_EQ(Payload{}.i(0x1ff).run("%#hho"), "0377");
  EXPECT_EQ(Payload{}.i(wide).i(wide).i(wide).run("%jx %zx %tx"), "1234567890 1234567890 1234567890");
}

TEST(PrintfFormat, WidthAndFlags) {
  EXPECT_EQ(Payload{}.i(42).run("[%5d]"), "[   42]");
  EXPECT_EQ(Payload{}.i(42).run("[%-5d]"), "[42   ]");
  EXPECT_EQ(Payload{}.i(42).run("[%05d]"), "[00042]");
  EXPECT_EQ(Payload{}.i(42).run("[%+d]"), "[+42]");
  EXPECT_EQ(Payload{}.i(42).run("[% d]"), "[ 42]");
  EXPECT_EQ(Payload{}.i(-42).run("[%6d]"), "[   -42]");
  EXPECT_EQ(Payload{}.i(7).run("[%.3d]"), "[007]");
}

TEST(PrintfFormat, Strings) {
  EXPECT_EQ(Payload{}.s("abc", 16).run("<%s>"), "<abc>");
  EXPECT_EQ(Payload{}.s("abcdefgh", 8).run("<%s>"), "<abcdefgh>");  // fills its size: no NUL
  EXPECT_EQ(Payload{}.s("abc", 16).run("<%5s>"), "<  abc>");
  EXPECT_EQ(Payload{}.s("abc", 16).run("<%-5s>"), "<abc  >");
  EXPECT_EQ(Payload{}.s("abcdef", 16).run("<%.2s>"), "<ab>");
  EXPECT_EQ(Payload{}.s("", 16).run("<%s>"), "<>");
}

// A string that filled a max_strlen buffer up to its NUL was probably cut.
TEST(PrintfFormat, TruncatedStringsGetTheTrailer) {
  Payload p;
  p.s("abcdefg", 8);
  p.spec.args[0].layout.trunc_len = 7;
  p.spec.args[0].layout.trailer = "..";
  EXPECT_EQ(p.run("<%s>"), "<abcdefg..>");
  Payload q;
  q.s("abc", 8);
  q.spec.args[0].layout.trunc_len = 7;
  q.spec.args[0].layout.trailer = "..";
  EXPECT_EQ(q.run("<%s>"), "<abc>");
}

TEST(PrintfFormat, Mixed) {
  EXPECT_EQ(Payload{}.s("bash", 16).i(1234).i(-3).run("%s pid=%d ret=%d\n"), "bash pid=1234 ret=-3\n");
}

TEST(PrintfFormat, CharAndPointer) {
  EXPECT_EQ(Payload{}.i('A').run("%c"), "A");
  EXPECT_EQ(Payload{}.i(0x1000).run("%p"), "0x1000");
}

TEST(PrintfFormat, IntegerUnderS) { EXPECT_EQ(Payload{}.i(-12).run("%s"), "-12"); }

TEST(PrintfFormat, BadConversion) {
  auto r = Payload{}.i(1).run("%q");
  EXPECT_EQ(r.rfind("ERR: format \"%q\": invalid format specifier", 0), 0u) << r;
}

TEST(PrintfFormat, ShortPayloadReadsZero) {
  Payload p;
  p.i(5);
  p.bytes.resize(4);
  EXPECT_EQ(p.run("%d"), "5");
  p.bytes.clear();
  EXPECT_EQ(p.run("%d"), "0");
}

}  // namespace
}  // namespace bpfsh::runtime
