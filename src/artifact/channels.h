#pragma once
// A compiled object (bpfsh --emit-elf) carries both event channels, and the
// runtime that loads it picks one: the ring buffer where the kernel has it
// (5.8+), else the perf event array. Every output site reads the flag below
// (0: ring buffer, 1: perf buffer) from a read-only global the loader sets
// before load; the kernel freezes it, so the verifier knows its value and
// keeps only the chosen call. Not included by artifact.h: only the emitter
// of the flag and the runtime that sets it need these names.
namespace bpfsh::artifact {

inline constexpr const char *kPerfChannelMap = "events_perf";   // beside Artifact::ringbuf_name
inline constexpr const char *kChannelFlag = "bpfsh_perf_channel";  // the u64 flag
inline constexpr const char *kChannelSection = ".rodata.bpfsh";    // its section, and libbpf's map

}  // namespace bpfsh::artifact
