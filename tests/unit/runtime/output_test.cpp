#include "runtime/output/output.h"

#include <gtest/gtest.h>

#include "runtime/map_fixtures.h"

#include <algorithm>

#include "runtime/output/buckets.h"

namespace bpfsh::runtime::output {
namespace {

using artifact::AggKind;
using artifact::MapSpec;

using test::entry;
using test::spec;

MapEntry avg_entry(Value key, int64_t total, uint64_t count) {
  return MapEntry{std::move(key), AggValue{{}, total, count, {}}};
}

MapEntry hist_entry(Value key, std::vector<uint64_t> buckets) {
  return MapEntry{std::move(key), AggValue{{}, 0, 0, std::move(buckets)}};
}

Value I(int64_t v) { return Value::of_int(v); }
Value U(uint64_t v) { return Value::of_uint(v); }
Value S(std::string s) { return Value::of_str(std::move(s)); }

TEST(TextOutput, ScalarMap) {
  MapSpec s = spec("@x", AggKind::None);
  EXPECT_EQ(render_text_map(MapView{&s, {entry({}, I(42))}}), "@x: 42\n");
}

TEST(TextOutput, EmptyMapPrintsNothing) {
  MapSpec s = spec("@x", AggKind::Count);
  EXPECT_EQ(render_text_map(MapView{&s, {}}), "");
  EXPECT_EQ(render_json_map(MapView{&s, {}}), "");
}

TEST(TextOutput, KeyedSortedByValueThenKey) {
  MapSpec s = spec("@x", AggKind::Count);
  MapView m{&s, {entry(U(10), U(5)), entry(U(2), U(7)), entry(U(1), U(5)), entry(U(3), U(1))}};
  EXPECT_EQ(render_text_map(m), "@x[3]: 1\n@x[1]: 5\n@x[10]: 5\n@x[2]: 7\n");
}

// Many entries in a scrambled order, negative and unsigned keys mixed: the
// same order as sorting by key, then stably by value.
TEST(TextOutput, LargeMapSortedByValueThenKey) {
  MapSpec s = spec("@x", AggKind::Sum, true);
  MapView m{&s, {}};
  std::vector<std::pair<int64_t, int64_t>> want;  // (value, key)
  for (int64_t i = 0; i < 1000; i++) {
    int64_t key = (i * 7919) % 1000 - 500;
    int64_t value = key % 7;
    m.entries.push_back(entry(key < 0 ? I(key) : U(uint64_t(key)), I(value)));
    want.push_back({value, key});
  }
  std::sort(want.begin(), want.end());
  std::string expect;
  for (auto [v, k] : want) expect += "@x[" + std::to_string(k) + "]: " + std::to_string(v) + "\n";
  EXPECT_EQ(render_text_map(m), expect);
}

// Values that are not numbers (strings) leave the entries in key order.
TEST(TextOutput, StringValuesKeepKeyOrder) {
  MapSpec s = spec("@s", AggKind::None);
  MapView m{&s, {entry(S("b"), S("1")), entry(S("c"), S("0")), entry(S("a"), S("2"))}};
  EXPECT_EQ(render_text_map(m), "@s[a]: 2\n@s[b]: 1\n@s[c]: 0\n");
}

TEST(TextOutput, TupleKeysAndStrings) {
  MapSpec s = spec("@", AggKind::Sum, true);
  MapView m{&s, {entry(Value::tuple({I(1), S("a")}), I(5)), entry(Value::tuple({I(1), S("b")}), I(-2))}};
  EXPECT_EQ(render_text_map(m), "@[1, b]: -2\n@[1, a]: 5\n");
}

TEST(TextOutput, TupleValue) {
  MapSpec s = spec("@t", AggKind::None);
  EXPECT_EQ(render_text_map(MapView{&s, {entry({}, Value::tuple({I(1), S("two"), I(3)}))}}),
            "@t: (1, two, 3)\n");
  EXPECT_EQ(render_text_value(Value::tuple({I(1), S("two"), I(3)})), "(1, two, 3)");
}

TEST(TextOutput, TopAndDiv) {
  MapSpec s = spec("@x", AggKind::Count);
  MapView m{&s, {entry(S("a"), U(100)), entry(S("b"), U(300)), entry(S("c"), U(200))}};
  EXPECT_EQ(render_text_map(m, 2, 10), "@x[c]: 20\n@x[b]: 30\n");
}

TEST(TextOutput, AvgSignedAndUnsigned) {
  MapSpec s = spec("@a", AggKind::Avg, true);
  EXPECT_EQ(render_text_map(MapView{&s, {avg_entry({}, -7, 2)}}), "@a: -3\n");
  MapSpec u = spec("@a", AggKind::Avg);
  EXPECT_EQ(render_text_map(MapView{&u, {avg_entry(U(1), 9, 2), avg_entry(U(2), 3, 3)}}), "@a[2]: 1\n@a[1]: 4\n");
}

TEST(TextOutput, Stats) {
  MapSpec s = spec("@st", AggKind::Stats);
  EXPECT_EQ(render_text_map(MapView{&s, {avg_entry({}, 280, 8)}}),
            "@st: { .count = 8, .average = 35, .total = 280 }\n");
}

TEST(TextOutput, Hist) {
  MapSpec s = spec("@h", AggKind::Hist);
  std::vector<uint64_t> b(12, 0);
  b[1] = 1;   // [0]
  b[3] = 2;   // [2, 4)
  b[11] = 3;  // [512, 1K)
  EXPECT_EQ(render_text_map(MapView{&s, {hist_entry({}, b)}}),
            "@h:\n"
            "[0]                    1 |@@@@@@@@@@@@@@@@@                                   |\n"
            "[1]                    0 |                                                    |\n"
            "[2, 4)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@                  |\n"
            "[4, 8)                 0 |                                                    |\n"
            "[8, 16)                0 |                                                    |\n"
            "[16, 32)               0 |                                                    |\n"
            "[32, 64)               0 |                                                    |\n"
            "[64, 128)              0 |                                                    |\n"
            "[128, 256)             0 |                                                    |\n"
            "[256, 512)             0 |                                                    |\n"
            "[512, 1K)              3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n");
}

TEST(TextOutput, HistNegativeBucket) {
  MapSpec s = spec("@h", AggKind::Hist);
  EXPECT_EQ(render_text_map(MapView{&s, {hist_entry({}, {4, 0, 2})}}),
            "@h:\n"
            "(..., 0)               4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "[0]                    0 |                                                    |\n"
            "[1]                    2 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
            "\n");
}

TEST(TextOutput, KeyedHistSortedByTotal) {
  MapSpec s = spec("@h", AggKind::Hist);
  MapView m{&s, {hist_entry(S("big"), {0, 5}), hist_entry(S("small"), {0, 0, 1})}};
  EXPECT_EQ(render_text_map(m),
            "@h[small]:\n"
            "[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n"
            "@h[big]:\n"
            "[0]                    5 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n");
}

TEST(TextOutput, Lhist) {
  MapSpec s = spec("@l", AggKind::Lhist);
  s.lhist_min = 0;
  s.lhist_max = 100;
  s.lhist_step = 10;
  std::vector<uint64_t> b(12, 0);
  b[0] = 1;   // (..., 0)
  b[2] = 2;   // [10, 20)
  b[11] = 1;  // [100, ...)
  std::string text = render_text_map(MapView{&s, {hist_entry({}, b)}});
  EXPECT_EQ(text.substr(0, text.find('\n', text.find("[20, 30)"))),
            "@l:\n"
            "(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
            "[0, 10)                0 |                                                    |\n"
            "[10, 20)               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "[20, 30)               0 |                                                    |");
  EXPECT_NE(text.find("[90, 100)              0 |"), std::string::npos);
  EXPECT_NE(text.find("[100, ...)             1 |"), std::string::npos);
}

TEST(Buckets, Pow2Labels) {
  EXPECT_EQ(pow2_label(9), "512");
  EXPECT_EQ(pow2_label(10), "1K");
  EXPECT_EQ(pow2_label(11), "2K");
  EXPECT_EQ(pow2_label(20), "1M");
  EXPECT_EQ(pow2_label(30), "1G");
  EXPECT_EQ(pow2_label(64), "16E");
}

TEST(JsonOutput, Printf) { EXPECT_EQ(render_json_printf("hi 3\n"), "{\"type\": \"printf\", \"data\": \"hi 3\\n\"}\n"); }

TEST(JsonOutput, Maps) {
  MapSpec s = spec("@a", AggKind::Count);
  EXPECT_EQ(render_json_map(MapView{&s, {entry(U(2), U(20)), entry(U(1), U(10))}}),
            "{\"type\": \"map\", \"data\": {\"@a\": {\"1\": 10, \"2\": 20}}}\n");
  MapSpec sc = spec("@s", AggKind::Sum, true);
  EXPECT_EQ(render_json_map(MapView{&sc, {entry({}, I(5))}}), "{\"type\": \"map\", \"data\": {\"@s\": 5}}\n");
  MapSpec t = spec("@t", AggKind::None);
  EXPECT_EQ(render_json_map(MapView{&t, {entry(Value::tuple({I(1), S("a b")}), Value::tuple({I(1), S("x")}))}}),
            "{\"type\": \"map\", \"data\": {\"@t\": {\"1,ab\": [1,\"x\"]}}}\n");
}

TEST(JsonOutput, Stats) {
  MapSpec s = spec("@st", AggKind::Stats);
  EXPECT_EQ(render_json_map(MapView{&s, {avg_entry({}, 280, 8)}}),
            "{\"type\": \"stats\", \"data\": {\"@st\": {\"count\": 8, \"average\": 35, \"total\": 280}}}\n");
}

TEST(JsonOutput, Hist) {
  MapSpec s = spec("@h", AggKind::Hist);
  EXPECT_EQ(render_json_map(MapView{&s, {hist_entry({}, {1, 2, 0, 3})}}),
            "{\"type\": \"hist\", \"data\": {\"@h\": [{\"max\": -1, \"count\": 1},{\"min\": 0, \"max\": 0, "
            "\"count\": 2},{\"min\": 1, \"max\": 1, \"count\": 0},{\"min\": 2, \"max\": 3, \"count\": 3}]}}\n");
}

TEST(JsonOutput, ValueAndEscapes) {
  EXPECT_EQ(render_json_value(I(-5)), "{\"type\": \"value\", \"data\": -5}\n");
  EXPECT_EQ(render_json_value(S("a\"b\t")), "{\"type\": \"value\", \"data\": \"a\\\"b\\t\"}\n");
  EXPECT_EQ(render_json_value(U(UINT64_MAX)), "{\"type\": \"value\", \"data\": \"18446744073709551615\"}\n");
  EXPECT_EQ(render_json_attached(3),
            "{\"type\": \"attached_probes\", \"count\": 3, \"data\": {\"probes\": 3}}\n");
}

}  // namespace
}  // namespace bpfsh::runtime::output
