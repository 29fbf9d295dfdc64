// Decoding C values that print() copies whole from kernel memory, and how
// they print: narrow signed ints, bitfields, pointers, char arrays, arrays
// and nested structs.
#include <gtest/gtest.h>

#include <cstring>

#include "runtime/output/output.h"
#include "runtime/value.h"

namespace bpfsh::runtime {
namespace {

using codegen::Layout;

Layout int_l(uint32_t size, bool is_signed) {
  Layout l;
  l.kind = Layout::Kind::Int;
  l.size = size;
  l.is_signed = is_signed;
  return l;
}

Layout record(std::vector<std::pair<std::string, uint32_t>> members, std::vector<Layout> elems, uint32_t size) {
  Layout l;
  l.kind = Layout::Kind::Record;
  l.size = size;
  for (auto &[n, off] : members) {
    l.names.push_back(n);
    l.offsets.push_back(off);
  }
  l.elems = std::move(elems);
  return l;
}

// struct s { short a; unsigned flag:1, mode:3; int pad; void *p; char name[6]; int v[3]; struct { char c; } in; }
struct Raw {
  int16_t a;
  uint8_t bits;  // flag in bit 0, mode in bits 1..3
  uint8_t pad0;
  int32_t neg;
  uint64_t p;
  char name[6];
  char pad1[2];
  int32_t v[3];
  int8_t in_c;
};

Layout raw_layout() {
  Layout flag = int_l(1, false), mode = int_l(1, false);
  flag.bit_offset = 0, flag.bit_size = 1;
  mode.bit_offset = 1, mode.bit_size = 3;
  Layout p;
  p.kind = Layout::Kind::Ptr;
  p.size = 8;
  Layout name;
  name.kind = Layout::Kind::Str;
  name.size = 6;
  Layout v;
  v.kind = Layout::Kind::Array;
  v.count = 3;
  v.size = 12;
  v.elems.push_back(int_l(4, true));
  Layout in = record({{"c", 0}}, {int_l(1, true)}, 1);
  return record({{"a", 0}, {"flag", 2}, {"mode", 2}, {"neg", 4}, {"p", 8}, {"name", 16}, {"v", 24}, {"in", 36}},
                {int_l(2, true), flag, mode, int_l(4, true), p, name, v, in}, sizeof(Raw));
}

Raw sample() {
  Raw r{};
  r.a = -2;
  r.bits = 0b1011;  // flag 1, mode 5
  r.neg = -70000;
  r.p = 0xffff888100001000ull;
  std::memcpy(r.name, "eth0\0\0", 6);
  r.v[0] = 1, r.v[1] = -1, r.v[2] = 3;
  r.in_c = -5;
  return r;
}

TEST(CValues, TextAsBpftrace) {
  Raw r = sample();
  Value v = decode(raw_layout(), reinterpret_cast<const uint8_t *>(&r));
  EXPECT_EQ(output::render_text_value(v),
            "{ .a = -2, .flag = 1, .mode = 5, .neg = -70000, .p = 0xffff888100001000, .name = eth0, "
            ".v = [1,-1,3], .in = { .c = -5 } }");
}

TEST(CValues, JsonObjectsAndArrays) {
  Raw r = sample();
  Value v = decode(raw_layout(), reinterpret_cast<const uint8_t *>(&r));
  EXPECT_EQ(output::render_json_value(v),
            "{\"type\": \"value\", \"data\": {\"a\": -2, \"flag\": 1, \"mode\": 5, \"neg\": -70000, "
            "\"p\": \"0xffff888100001000\", \"name\": \"eth0\", \"v\": [1,-1,3], \"in\": {\"c\": -5}}}\n");
}

TEST(CValues, EmptyRecord) {
  Layout l = record({}, {}, 0);
  uint8_t none = 0;
  EXPECT_EQ(output::render_text_value(decode(l, &none)), "{}");
}

}  // namespace
}  // namespace bpfsh::runtime
