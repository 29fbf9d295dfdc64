#include "runtime/map_reader.h"

#include <gtest/gtest.h>

#include <cstring>

namespace bpfsh::runtime {
namespace {

using artifact::AggKind;

artifact::MapSpec spec(AggKind agg, uint32_t value_size, bool is_signed = false) {
  artifact::MapSpec s;
  s.name = "@m";
  s.agg = agg;
  s.percpu = true;
  s.value_size = value_size;
  s.value_signed = is_signed;
  return s;
}

std::vector<uint8_t> words(std::initializer_list<uint64_t> ws) {
  std::vector<uint8_t> b(ws.size() * 8);
  size_t i = 0;
  for (uint64_t w : ws) std::memcpy(b.data() + 8 * i++, &w, 8);
  return b;
}

TEST(MapReader, CountAddsCpus) {
  auto s = spec(AggKind::Count, 8);
  AggValue v;
  ASSERT_TRUE(combine(s, words({3, 4}).data(), 2, v));
  EXPECT_EQ(v.scalar.u, 7u);
}

TEST(MapReader, SignedSum) {
  auto s = spec(AggKind::Sum, 8, true);
  AggValue v;
  ASSERT_TRUE(combine(s, words({uint64_t(-10), 4}).data(), 2, v));
  EXPECT_EQ(v.scalar.kind, Value::Kind::Int);
  EXPECT_EQ(v.scalar.i, -6);
}

TEST(MapReader, MinSkipsUnsetCpus) {
  auto s = spec(AggKind::Min, 16, true);
  AggValue v;
  ASSERT_TRUE(combine(s, words({uint64_t(-100), 0, 5, 1, 9, 1}).data(), 3, v));
  EXPECT_EQ(v.scalar.i, 5);
  EXPECT_FALSE(combine(s, words({1, 0, 2, 0}).data(), 2, v));
}

TEST(MapReader, MaxUnsigned) {
  auto s = spec(AggKind::Max, 16);
  AggValue v;
  ASSERT_TRUE(combine(s, words({uint64_t(-1), 1, 5, 1}).data(), 2, v));
  EXPECT_EQ(v.scalar.u, UINT64_MAX);
}

TEST(MapReader, AvgAddsTotalsAndCounts) {
  auto s = spec(AggKind::Avg, 16, true);
  AggValue v;
  ASSERT_TRUE(combine(s, words({10, 2, 20, 3}).data(), 2, v));
  EXPECT_EQ(v.total, 30);
  EXPECT_EQ(v.count, 5u);
  EXPECT_EQ(average(s, v).i, 6);
}

TEST(MapReader, PerCpuStrideIsRoundedUp) {
  auto s = spec(AggKind::Count, 4);
  EXPECT_EQ(value_buffer_size(s, 3), 24u);
  s.percpu = false;
  EXPECT_EQ(value_buffer_size(s, 3), 4u);
}

TEST(MapReader, HistGroupsByUserKey) {
  auto s = spec(AggKind::Hist, 8);
  s.key.kind = artifact::Layout::Kind::Int;
  s.key.size = 8;
  s.key_size = 16;
  MapView view;
  view.spec = &s;
  HistCollector h(view, s);
  h.add(words({7, 3}).data(), 2);
  h.add(words({8, 1}).data(), 1);
  h.add(words({7, 1}).data(), 5);
  ASSERT_EQ(view.entries.size(), 2u);
  EXPECT_EQ(view.entries[0].key.u, 7u);
  EXPECT_EQ(view.entries[0].value.buckets, (std::vector<uint64_t>{0, 5, 0, 2}));
  EXPECT_EQ(view.entries[1].value.buckets, (std::vector<uint64_t>{0, 1}));
}

TEST(MapReader, HistArrayKeyIsTheBucketIndex) {
  auto s = spec(AggKind::Hist, 8);
  s.array = true;
  s.key_size = 4;
  MapView view;
  view.spec = &s;
  HistCollector h(view, s);
  uint32_t three = 3, one = 1;
  h.add(reinterpret_cast<const uint8_t *>(&three), 2);
  h.add(reinterpret_cast<const uint8_t *>(&one), 5);
  ASSERT_EQ(view.entries.size(), 1u);
  EXPECT_EQ(view.entries[0].key.kind, Value::Kind::None);
  EXPECT_EQ(view.entries[0].value.buckets, (std::vector<uint64_t>{0, 5, 0, 2}));
}

}  // namespace
}  // namespace bpfsh::runtime
