#include "runtime/event_channel.h"

#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "artifact/channels.h"
#include "runtime/features.h"

namespace bpfsh::runtime {

Result<std::optional<bool>> pick_event_channel(bpf_object *obj, const artifact::Artifact &a, bool prefer_perf) {
  bpf_map *flag = bpf_object__find_map_by_name(obj, artifact::kChannelSection);
  if (!flag) return std::optional<bool>();
  bpf_map *ring = bpf_object__find_map_by_name(obj, a.ringbuf_name.c_str());
  size_t size = 0;
  const void *init = bpf_map__initial_value(flag, &size);
  if (!ring || !init || size != sizeof(uint64_t))
    return fail("compiled object: its event channels are not as bpfsh writes them");
  bool has_ring = features::has_ring_buffer();
  bool perf = prefer_perf || !has_ring;
  uint64_t value = perf ? 1 : 0;
  if (int rc = bpf_map__set_initial_value(flag, &value, sizeof value); rc != 0)
    return fail(errno_message("compiled object", "failed to pick the event channel", -rc));
  if (perf && !has_ring) {
    bpf_map__set_type(ring, BPF_MAP_TYPE_ARRAY);
    bpf_map__set_key_size(ring, 4);
    bpf_map__set_value_size(ring, 4);
    bpf_map__set_max_entries(ring, 1);
  } else if (perf) {
    bpf_map__set_max_entries(ring, uint32_t(sysconf(_SC_PAGESIZE)));  // the smallest ring buffer
  }
  return std::optional<bool>(perf);
}

void use_event_channel(artifact::Artifact &a, bool perf) {
  if (perf) a.ringbuf_name = artifact::kPerfChannelMap;
  else a.perf_buffer_pages = 0;
}

}  // namespace bpfsh::runtime
