#pragma once
// A compiled object's two event channels (artifact/channels.h): the runtime
// picks one as it loads the object, where the kernel it loads on is known.
#include <optional>

#include "artifact/artifact.h"
#include "runtime/result.h"

struct bpf_object;

namespace bpfsh::runtime {

// Before bpf_object__load: for an object with both channels, sets its flag
// and returns the pick (true: the perf buffer, where the kernel has no ring
// buffer or `prefer_perf`, --no-feature ringbuf). The unused channel's map
// is still created, as small as it can be (on a kernel without ring
// buffers, the ring buffer's as an array), for the code the verifier prunes
// still names it. nullopt for an object with one channel, left as it is.
Result<std::optional<bool>> pick_event_channel(bpf_object *obj, const artifact::Artifact &a, bool prefer_perf);

// After it: the artifact names the picked channel, as if built with it alone.
void use_event_channel(artifact::Artifact &a, bool perf);

}  // namespace bpfsh::runtime
