#include "runtime/byte_format.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "common/format_string.h"
#include "runtime/printf_format.h"
#include "runtime/value.h"

namespace bpfsh::runtime {
namespace {

std::string fmt(const std::string &bytes, BufferStyle style) {
  return format_buffer(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size(), style);
}

TEST(ByteFormat, BufferStyles) {
  std::string b("A\x01z ~\x7f\xff", 7);
  EXPECT_EQ(fmt(b, BufferStyle::Escaped), "A\\x01z ~\\x7f\\xff");
  EXPECT_EQ(fmt(b, BufferStyle::EscapedAll), "\\x41\\x01\\x7a\\x20\\x7e\\x7f\\xff");
  EXPECT_EQ(fmt(b, BufferStyle::Hex), "41 01 7a 20 7e 7f ff");
  EXPECT_EQ(fmt("", BufferStyle::Hex), "");
}

// The wire form: u64 length, then the bytes; the length never reads past the capacity.
std::vector<uint8_t> wire(uint64_t len, const std::string &bytes, uint32_t cap) {
  std::vector<uint8_t> w(8 + cap, 0);
  std::memcpy(w.data(), &len, 8);
  std::memcpy(w.data() + 8, bytes.data(), std::min<size_t>(bytes.size(), cap));
  return w;
}

TEST(ByteFormat, BufferValueHonoursLengthAndCapacity) {
  auto w = wire(2, "abcd", 8);
  EXPECT_EQ(format_buffer_value(w.data(), 8, BufferStyle::Escaped), "ab");
  auto big = wire(1000, "abcd", 8);
  EXPECT_EQ(format_buffer_value(big.data(), 8, BufferStyle::Escaped), "abcd\\x00\\x00\\x00\\x00");
}

TEST(ByteFormat, MacAddressIsUpperCase) {
  const uint8_t mac[6] = {0x00, 0x1a, 0x2b, 0xc3, 0xd4, 0xff};
  EXPECT_EQ(format_macaddr(mac), "00:1A:2B:C3:D4:FF");
}

TEST(ByteFormat, UsernameOfRootAndUnknown) {
  EXPECT_EQ(username_of(0), "root");
  EXPECT_EQ(username_of(4000000000u), "4000000000");
}

TEST(ByteFormat, DecodeBufferLayout) {
  artifact::Layout l;
  l.kind = artifact::Layout::Kind::Buffer;
  l.size = 16;
  auto w = wire(3, "x\ty", 8);
  EXPECT_EQ(decode(l, w.data()).s, "x\\x09y");
}

TEST(ByteFormat, PrintfBufferSpecifiers) {
  artifact::FormatSpec spec;
  artifact::Layout l;
  l.kind = artifact::Layout::Kind::Buffer;
  l.size = 16;
  auto w = wire(3, "A\x01z", 8);
  std::vector<uint8_t> payload;
  for (int i = 0; i < 3; i++) {
    spec.args.push_back({l, uint32_t(payload.size())});
    payload.insert(payload.end(), w.begin(), w.end());
  }
  spec.fmt = "%r|%rx|%rh|";
  auto f = Formatter::compile(spec);
  ASSERT_TRUE(f) << f.error();
  EXPECT_EQ(f->format(payload.data(), payload.size()), "A\\x01z|\\x41\\x01\\x7a|41 01 7a|");
}

TEST(ByteFormat, ParseFormatBufferSuffix) {
  auto p = parse_format("%rx %rh %r %rz");
  ASSERT_TRUE(p.error.empty());
  ASSERT_EQ(p.spec_count(), 4u);
  std::vector<char> styles;
  for (auto &piece : p.pieces)
    if (piece.is_spec) styles.push_back(piece.buffer_style);
  EXPECT_EQ(styles, (std::vector<char>{'x', 'h', 0, 0}));
}

}  // namespace
}  // namespace bpfsh::runtime
