// The store of entries moved out of maps keyed by a dw_ustack: merged with
// the entries that print the same, zeroed and dropped as the map is.
#include "runtime/dw_key_spill.h"

#include <gtest/gtest.h>

#include <cstring>

#include "map_fixtures.h"

namespace bpfsh::runtime {
namespace {

using artifact::AggKind;
using artifact::Layout;

Value stack(std::vector<std::string> frames) {
  Value v;
  v.kind = Value::Kind::Stack;
  v.user = true;
  for (auto &f : frames) v.s += f + "\n";
  v.frames = std::move(frames);
  return v;
}

Layout dw_stack() {
  Layout l;
  l.kind = Layout::Kind::UStack;
  l.dwarf = true;
  l.size = 24;
  return l;
}

TEST(DwKeySpill, SampleIdsAreFoundInTuplesToo) {
  Layout key;
  key.kind = Layout::Kind::Tuple;
  Layout pid;
  pid.kind = Layout::Kind::Int;
  pid.size = 8;
  key.elems = {pid, dw_stack()};
  key.elems[1].offset = 8;
  uint64_t bytes[4] = {77, 1234, 0, 0};
  std::vector<uint64_t> ids;
  dwarf_sample_ids(key, reinterpret_cast<const uint8_t *>(bytes), ids);
  EXPECT_EQ(ids, std::vector<uint64_t>{1234});
  EXPECT_TRUE(has_dwarf_stack(key));
  EXPECT_FALSE(has_dwarf_stack(pid));
}

TEST(DwKeySpill, MovedEntriesMergeByWhatTheyPrint) {
  auto s = test::spec("@", AggKind::Count);
  auto &store = SpilledEntries::instance();
  const uint32_t id = 4000001;
  store.add(id, s, {test::entry(stack({"a", "main"}), Value::of_uint(2)),
                    test::entry(stack({"b", "main"}), Value::of_uint(1))});
  store.add(id, s, {test::entry(stack({"a", "main"}), Value::of_uint(5))});
  std::vector<MapEntry> seen;
  store.append_to(id, seen);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].value.scalar.u, 7u);
  EXPECT_EQ(seen[1].value.scalar.u, 1u);

  // What the kernel map still holds of the same stack joins them on reading.
  seen.push_back(test::entry(stack({"b", "main"}), Value::of_uint(3)));
  merge_equal_keys(s, seen);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].value.scalar.u, 4u);

  store.zero(id, s);
  seen.clear();
  store.append_to(id, seen);
  ASSERT_EQ(seen.size(), 2u);  // zero() keeps the keys
  EXPECT_EQ(seen[0].value.scalar.u, 0u);
  store.drop(id);
  seen.clear();
  store.append_to(id, seen);
  EXPECT_TRUE(seen.empty());
}

TEST(DwKeySpill, ZeroedExtremesAreNotKept) {
  auto s = test::spec("@", AggKind::Max);
  auto &store = SpilledEntries::instance();
  const uint32_t id = 4000002;
  store.add(id, s, {test::entry(stack({"a"}), Value::of_uint(9))});
  store.add(id, s, {test::entry(stack({"a"}), Value::of_uint(4))});
  std::vector<MapEntry> seen;
  store.append_to(id, seen);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].value.scalar.u, 9u);
  store.zero(id, s);
  seen.clear();
  store.append_to(id, seen);
  EXPECT_TRUE(seen.empty());  // a max no CPU set does not print
}

}  // namespace
}  // namespace bpfsh::runtime
