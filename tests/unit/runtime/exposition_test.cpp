#include "runtime/metrics/exposition.h"

#include <gtest/gtest.h>

#include "runtime/map_fixtures.h"

namespace bpfsh::runtime::metrics {
namespace {

using artifact::AggKind;
using artifact::MapSpec;

using test::entry;
using test::spec;

std::string maps_only(std::vector<MapView> maps) {
  std::string all = render_exposition(Scrape{std::move(maps), 0, {}});
  return all.substr(0, all.find("# HELP bpfsh_lost_events_total"));
}

TEST(Exposition, NamesAreSanitisedAndPrefixed) {
  EXPECT_EQ(metric_name("@"), "bpfsh_map");
  EXPECT_EQ(metric_name("@rw_bytes"), "bpfsh_rw_bytes");
  EXPECT_EQ(metric_name("@a.b-c"), "bpfsh_a_b_c");
}

TEST(Exposition, LabelValuesAreEscaped) {
  EXPECT_EQ(escape_label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

TEST(Exposition, CountIsACounterKeyedByLabel) {
  MapSpec s = spec("@reads", AggKind::Count);
  MapView m{&s, {entry(Value::of_str("ba\"sh"), Value::of_uint(3)), entry(Value::of_str("cat"), Value::of_uint(1))}};
  EXPECT_EQ(maps_only({m}),
            "# HELP bpfsh_reads_total bpftrace map @reads, count()\n"
            "# TYPE bpfsh_reads_total counter\n"
            "bpfsh_reads_total{key=\"ba\\\"sh\"} 3\n"
            "bpfsh_reads_total{key=\"cat\"} 1\n");
}

TEST(Exposition, TupleKeysAreNumberedAndSignedSumIsAGauge) {
  MapSpec s = spec("@x", AggKind::Sum, true);
  MapView m{&s, {entry(Value::tuple({Value::of_int(-1), Value::of_str("a")}), Value::of_int(-5))}};
  EXPECT_EQ(maps_only({m}),
            "# HELP bpfsh_x bpftrace map @x, sum()\n"
            "# TYPE bpfsh_x gauge\n"
            "bpfsh_x{key0=\"-1\",key1=\"a\"} -5\n");
}

TEST(Exposition, RecordKeysUseMemberNames) {
  MapSpec s = spec("@x", AggKind::Max);
  Value key;
  key.kind = Value::Kind::Record;
  key.elems = {Value::of_uint(7), Value::of_str("q")};
  key.frames = {"pid", "comm"};
  EXPECT_EQ(maps_only({MapView{&s, {entry(key, Value::of_uint(9))}}}),
            "# HELP bpfsh_x bpftrace map @x, max()\n"
            "# TYPE bpfsh_x gauge\n"
            "bpfsh_x{pid=\"7\",comm=\"q\"} 9\n");
}

TEST(Exposition, StringValuesHaveNoSample) {
  MapSpec s = spec("@name", AggKind::None);
  EXPECT_EQ(maps_only({MapView{&s, {entry({}, Value::of_str("x"))}}}),
            "# HELP bpfsh_name bpftrace map @name, value\n"
            "# TYPE bpfsh_name gauge\n");
}

TEST(Exposition, AvgIsASummary) {
  MapSpec s = spec("@lat", AggKind::Avg);
  MapView m{&s, {MapEntry{Value::of_uint(1), AggValue{{}, 30, 4, {}}}}};
  EXPECT_EQ(maps_only({m}),
            "# HELP bpfsh_lat bpftrace map @lat, avg()\n"
            "# TYPE bpfsh_lat summary\n"
            "bpfsh_lat_sum{key=\"1\"} 30\n"
            "bpfsh_lat_count{key=\"1\"} 4\n");
}

// hist buckets: 0 -> (..,0), 1 -> [0], 2 -> [1], 3 -> [2,4), 4 -> [4,8).
TEST(Exposition, HistIsACumulativeHistogram) {
  MapSpec s = spec("@h", AggKind::Hist);
  MapView m{&s, {MapEntry{{}, AggValue{{}, 0, 0, {0, 1, 0, 2, 3}}}}};
  EXPECT_EQ(maps_only({m}),
            "# HELP bpfsh_h bpftrace map @h, hist()\n"
            "# TYPE bpfsh_h histogram\n"
            "bpfsh_h_bucket{le=\"-1\"} 0\n"
            "bpfsh_h_bucket{le=\"0\"} 1\n"
            "bpfsh_h_bucket{le=\"1\"} 1\n"
            "bpfsh_h_bucket{le=\"3\"} 3\n"
            "bpfsh_h_bucket{le=\"7\"} 6\n"
            "bpfsh_h_bucket{le=\"+Inf\"} 6\n"
            "bpfsh_h_sum 16\n"  // 0*1 + 2*2 + 4*3: each bucket's smallest value
            "bpfsh_h_count 6\n");
}

// lhist(x, 0, 10, 5): 0 -> below 0, 1 -> [0,5), 2 -> [5,10), 3 -> 10 and over.
TEST(Exposition, LhistLastBucketIsOnlyInf) {
  MapSpec s = spec("@l", AggKind::Lhist);
  s.lhist_min = 0;
  s.lhist_max = 10;
  s.lhist_step = 5;
  MapView m{&s, {MapEntry{Value::of_str("k"), AggValue{{}, 0, 0, {1, 0, 2, 4}}}}};
  EXPECT_EQ(maps_only({m}),
            "# HELP bpfsh_l bpftrace map @l, lhist()\n"
            "# TYPE bpfsh_l histogram\n"
            "bpfsh_l_bucket{key=\"k\",le=\"-1\"} 1\n"
            "bpfsh_l_bucket{key=\"k\",le=\"4\"} 1\n"
            "bpfsh_l_bucket{key=\"k\",le=\"9\"} 3\n"
            "bpfsh_l_bucket{key=\"k\",le=\"+Inf\"} 7\n"
            "bpfsh_l_sum{key=\"k\"} 49\n"  // -1*1 + 5*2 + 10*4
            "bpfsh_l_count{key=\"k\"} 7\n");
}

TEST(Exposition, LostEventsAndProbeHitsFollowTheMaps) {
  EXPECT_EQ(render_exposition(Scrape{{}, 4, {{"tracepoint:a:b", 12}}}),
            "# HELP bpfsh_lost_events_total Events the kernel dropped because the event buffer was full.\n"
            "# TYPE bpfsh_lost_events_total counter\n"
            "bpfsh_lost_events_total 4\n"
            "# HELP bpfsh_probe_hits_total Times each probe's program ran.\n"
            "# TYPE bpfsh_probe_hits_total counter\n"
            "bpfsh_probe_hits_total{probe=\"tracepoint:a:b\"} 12\n");
}

}  // namespace
}  // namespace bpfsh::runtime::metrics
