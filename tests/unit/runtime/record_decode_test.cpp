// Decoding and printing C records, arrays, enums and pointers: the bytes a
// struct print() copies, laid out by codegen's Layout, printed as bpftrace does.
#include <gtest/gtest.h>

#include <cstring>

#include "runtime/output/output.h"
#include "runtime/value.h"

namespace bpfsh::runtime {
namespace {

using artifact::Layout;

Layout member(std::string name, uint32_t offset, Layout::Kind kind, uint32_t size, bool is_signed = false) {
  Layout l;
  l.kind = kind;
  l.name = std::move(name);
  l.offset = offset;
  l.size = size;
  l.is_signed = is_signed;
  return l;
}

// A struct as the kernel lays it out:
//   s: int16 at 0, e: enum (int32) at 4, p: pointer at 8, arr: int32[2] at 16,
//   name: char[4] at 24, bits: 3-bit field at bit 2 of byte 28, in: { u8 x } at 29
Layout test_layout() {
  Layout rec;
  rec.kind = Layout::Kind::Record;
  rec.size = 32;
  rec.elems.push_back(member("s", 0, Layout::Kind::Int, 2, true));
  Layout e = member("e", 4, Layout::Kind::Int, 4, true);
  e.enumerators = {{1, "ONE"}, {uint64_t(-1), "MINUS"}};
  rec.elems.push_back(e);
  Layout p = member("p", 8, Layout::Kind::Int, 8);
  p.hex = true;
  rec.elems.push_back(p);
  Layout arr = member("arr", 16, Layout::Kind::Array, 8);
  arr.count = 2;
  arr.elems.push_back(member("", 0, Layout::Kind::Int, 4, true));
  rec.elems.push_back(arr);
  rec.elems.push_back(member("name", 24, Layout::Kind::Str, 4));
  Layout bits = member("bits", 28, Layout::Kind::Int, 8);
  bits.bit_offset = 2;
  bits.bit_size = 3;
  rec.elems.push_back(bits);
  Layout in = member("in", 29, Layout::Kind::Record, 1);
  in.elems.push_back(member("x", 0, Layout::Kind::Int, 1));
  rec.elems.push_back(in);
  return rec;
}

std::vector<uint8_t> test_bytes(int32_t e) {
  std::vector<uint8_t> b(32, 0);
  int16_t s = -2;
  std::memcpy(&b[0], &s, 2);
  std::memcpy(&b[4], &e, 4);
  uint64_t p = 0xffff888012345678ull;
  std::memcpy(&b[8], &p, 8);
  int32_t arr[2] = {7, -8};
  std::memcpy(&b[16], arr, 8);
  std::memcpy(&b[24], "abc", 4);
  b[28] = 0x5 << 2 | 0x1;  // bits = 5, with a neighbour bit set below it
  b[29] = 200;
  return b;
}

TEST(RecordDecode, TextIsBpftracesStructLayout) {
  auto b = test_bytes(1);
  EXPECT_EQ(output::render_text_value(decode(test_layout(), b.data())),
            "{ .s = -2, .e = ONE, .p = 0xffff888012345678, .arr = [7,-8], .name = abc, .bits = 5, "
            ".in = { .x = 200 } }");
}

TEST(RecordDecode, SignedEnumsMatchAtTheirWidthAndUnknownValuesPrintAsNumbers) {
  auto b = test_bytes(-1);
  EXPECT_EQ(decode(test_layout(), b.data()).elems[1].s, "MINUS");
  b = test_bytes(42);
  Value v = decode(test_layout(), b.data());
  EXPECT_EQ(output::render_text_value(v.elems[1]), "42");
}

TEST(RecordDecode, JsonHasObjectsArraysAndNumbers) {
  auto b = test_bytes(1);
  EXPECT_EQ(output::render_json_value(decode(test_layout(), b.data())),
            "{\"type\": \"value\", \"data\": {\"s\": -2, \"e\": 1, \"p\": \"18446612682375452280\", "
            "\"arr\": [7,-8], \"name\": \"abc\", \"bits\": 5, \"in\": {\"x\": 200}}}\n");
}

TEST(RecordDecode, EmptyRecordIsBraces) {
  Layout rec;
  rec.kind = Layout::Kind::Record;
  uint8_t none[8] = {};
  EXPECT_EQ(output::render_text_value(decode(rec, none)), "{}");
}

// Map keys and values of strings: the trailer marks a string that filled
// its max_strlen buffer, inside tuples too.
TEST(StringDecode, TruncatedStringsGetTheTrailer) {
  Layout str = member("", 0, Layout::Kind::Str, 8);
  str.trunc_len = 7;
  str.trailer = "..";
  uint8_t full[8] = {'a', 'b', 'c', 'd', 'e', 'f', 'g', 0};
  uint8_t shorter[8] = {'a', 'b', 0};
  EXPECT_EQ(decode(str, full).s, "abcdefg..");
  EXPECT_EQ(decode(str, shorter).s, "ab");
  Layout tuple;
  tuple.kind = Layout::Kind::Tuple;
  tuple.elems = {str, str};
  tuple.elems[1].offset = 8;
  tuple.size = 16;
  uint8_t both[16];
  std::memcpy(both, shorter, 8);
  std::memcpy(both + 8, full, 8);
  EXPECT_EQ(output::render_text_value(decode(tuple, both)), "(ab, abcdefg..)");
}

}  // namespace
}  // namespace bpfsh::runtime
