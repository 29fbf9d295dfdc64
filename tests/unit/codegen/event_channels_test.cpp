// A compiled object carries both event channels and the read-only flag the
// loader sets (artifact/channels.h); a program built to run now has one.
#include <bpf/libbpf.h>
#include <gtest/gtest.h>

#include "artifact/channels.h"
#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

std::optional<artifact::Artifact> build_with(bool both, bool perf) {
  auto a = test::analyse("tracepoint:sched:sched_switch { printf(\"%d\\n\", args.prev_pid); }");
  EXPECT_TRUE(a.ok) << a.first_error();
  if (!a.ok) return std::nullopt;
  driver::Options o;
  o.codegen.both_channels = both;
  o.codegen.perf_buffer = perf;
  return driver::emit(*a.ctx, o, a.info, a.diags);
}

struct Maps {
  bool ring = false, perf = false, flag = false;
  size_t flag_size = 0;
};

Maps maps_of(const artifact::Artifact &a) {
  Maps m;
  bpf_object *obj = bpf_object__open_mem(a.elf.data(), a.elf.size(), nullptr);
  EXPECT_NE(obj, nullptr);
  if (!obj) return m;
  if (bpf_map *r = bpf_object__find_map_by_name(obj, a.ringbuf_name.c_str()))
    m.ring = bpf_map__type(r) == BPF_MAP_TYPE_RINGBUF;
  if (bpf_map *p = bpf_object__find_map_by_name(obj, artifact::kPerfChannelMap))
    m.perf = bpf_map__type(p) == BPF_MAP_TYPE_PERF_EVENT_ARRAY;
  if (bpf_map *f = bpf_object__find_map_by_name(obj, artifact::kChannelSection)) {
    m.flag = true;
    bpf_map__initial_value(f, &m.flag_size);
  }
  bpf_object__close(obj);
  return m;
}

TEST(EventChannels, ACompiledObjectCarriesBothAndTheFlag) {
  auto a = build_with(true, false);
  ASSERT_TRUE(a);
  Maps m = maps_of(*a);
  EXPECT_TRUE(m.ring);
  EXPECT_TRUE(m.perf);
  EXPECT_TRUE(m.flag);
  EXPECT_EQ(m.flag_size, 8u);
  EXPECT_GT(a->perf_buffer_pages, 0u);  // the perf path's pages, should the loader pick it
}

TEST(EventChannels, AProgramRunNowHasOne) {
  auto ring = build_with(false, false);
  ASSERT_TRUE(ring);
  Maps m = maps_of(*ring);
  EXPECT_TRUE(m.ring);
  EXPECT_FALSE(m.perf || m.flag);
  EXPECT_EQ(ring->perf_buffer_pages, 0u);
  // --no-feature ringbuf at --emit-elf: the perf buffer only, as asked.
  auto perf = build_with(true, true);
  ASSERT_TRUE(perf);
  EXPECT_FALSE(maps_of(*perf).flag);
}

}  // namespace
}  // namespace bpfsh
