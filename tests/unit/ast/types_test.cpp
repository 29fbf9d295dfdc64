// Tuple layout: a C struct's, as bpftrace's LLVM structs are laid out.
#include "ast/types.h"

#include <gtest/gtest.h>

namespace bpfsh {
namespace {

using ast::Type;

TEST(TupleLayout, ElementsSitAtTheirAlignment) {
  // (uint8, int8, string[3]): all byte-aligned, nothing between them.
  Type t = Type::tuple({Type::integer(8, false), Type::integer(8, true), Type::string(3)});
  EXPECT_EQ(t.storage_size(), 5u);
  EXPECT_EQ(t.elem_offset(1), 1u);
  EXPECT_EQ(t.elem_offset(2), 2u);
  // (int8, int32): three bytes of padding before the int32.
  Type u = Type::tuple({Type::integer(8, true), Type::integer(32, true)});
  EXPECT_EQ(u.elem_offset(1), 4u);
  EXPECT_EQ(u.storage_size(), 8u);
}

TEST(TupleLayout, TheWholeIsPaddedToItsLargestAlignment) {
  // (int64, string[4]): 12 bytes of elements, 16 with the tail padding.
  Type t = Type::tuple({Type::integer(64, true), Type::string(4)});
  EXPECT_EQ(t.elem_offset(1), 8u);
  EXPECT_EQ(t.storage_size(), 16u);
  // A nested tuple aligns as its largest element.
  Type n = Type::tuple({Type::boolean(), Type::tuple({Type::integer(16, false), Type::boolean()})});
  EXPECT_EQ(n.elem_offset(1), 2u);
  EXPECT_EQ(n.storage_size(), 6u);
}

TEST(TupleLayout, ArraysAreHeldWhole) {
  Type a = Type::array(Type::integer(16, false), 3);
  Type t = Type::tuple({Type::boolean(), a, Type::integer(32, false)});
  EXPECT_EQ(t.elem_offset(1), 2u);   // aligned as a uint16
  EXPECT_EQ(t.elem_offset(2), 8u);   // 2 + 6, then the uint32's 4
  EXPECT_EQ(t.storage_size(), 12u);
}

}  // namespace
}  // namespace bpfsh
