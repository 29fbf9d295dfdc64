#pragma once
// What codegen hands to the runtime: plain data only, below every stage.
// The runtime never sees the AST; this module is all it knows of the
// compiler.
// An Artifact can be written to disk (--emit-elf: the ELF with the rest as
// JSON in its .bpfsh.artifact section, artifact_io/) and run later (bpfsh-run).
//
// Wire conventions shared by the BPF side and the runtime (little-endian):
//  * Every integer is stored in 8 bytes, already sign- or zero-extended.
//  * A string is `size` bytes, NUL-terminated unless it fills them all.
//  * An inet (ntop) is a u64 address family then 16 address bytes.
//  * A kstack is an s64 stack id into the StackMapSpec of its limit (negative:
//    no stack); a ustack adds the u64 pid. A ksym is a u64 address; a usym
//    adds the u64 pid. The runtime turns them into symbols when it prints.
//  * A buffer (buf()) is a u64 length, then its bytes; a macaddr 6 bytes
//    padded to 8; a username the u64 uid (named when printed).
//  * A tuple's elements follow each other, each padded to a multiple of 8.
//  * A record (a C struct or union print() copied) and a C array are their
//    bytes exactly as the kernel lays them out: members at their C offsets,
//    integers at their C widths.
//  * Aggregation values, per CPU (maps holding them are per-CPU):
//      Count, Sum:       u64/s64 value
//      Min, Max:         s64 value, u64 is_set (0 when this CPU saw nothing)
//      Avg, Stats:       s64 total, u64 count
//      Hist, Lhist:      u64 count; the bucket index is the LAST 8 bytes of the key,
//                        or, for a map without a key (`array`), the whole
//                        u32 key of a per-CPU array with one slot per bucket
//      Tseries:          s64 value, u64 count, u64 epoch (CLOCK_TAI ns /
//                        interval), u64 stamp (ns of the last update); the
//                        key's LAST 8 bytes are the slot, epoch % intervals
//  * Events on the ring buffer start with EventHeader.
#include <cstdint>
#include <string>
#include <vector>

#include "artifact/events.h"
#include "artifact/layout.h"
#include "artifact/maps.h"
#include "artifact/options.h"
#include "artifact/probes.h"

namespace bpfsh::artifact {

// The config keys the runtime acts on (sema::Config holds them all).
struct RunSettings {
  enum class MissingProbes : uint8_t { Error, Warn, Ignore };
  bool print_maps_on_exit = true;
  uint64_t max_cat_bytes = 10240;  // cat() prints at most this much of a file
  MissingProbes missing_probes = MissingProbes::Error;  // a probe that fails to attach
  bool show_debug_info = false;  // user frames and usym() print source lines and inlined functions
};

struct Artifact {
  std::vector<uint8_t> elf;
  std::string ringbuf_name = "events";  // the ring buffer map in the ELF
  // Not 0: `ringbuf_name` is a perf event array instead, read through a
  // perf buffer of this many pages per CPU (a power of two).
  uint32_t perf_buffer_pages = 0;
  std::vector<ProbeSpec> probes;
  std::vector<MapSpec> maps;            // user maps only, in first-use order
  std::vector<FormatSpec> formats;      // printf, system, cat
  std::vector<Layout> values;           // print(value)
  std::vector<StackMapSpec> stack_maps; // one per frame limit in use
  RunSettings settings;
  std::vector<std::string> time_formats;  // time(): strftime formats
  std::vector<JoinSpec> joins;
  std::vector<CaptureSpec> captures;  // pcap()'s files
  std::vector<SiteSpec> sites;
  std::vector<OptionSpec> options;  // getopt()'s, in the order the script asks for them
  // A one-slot array the programs count refused ring-buffer records in.
  std::string lost_name = "lost_events";
  // A per-CPU array with a u64 slot per map update in the script: the
  // updates the kernel refused there because the map was full (-E2BIG).
  // Slot i counts the update at sites[map_full_sites[i]]; the runtime
  // reports each place that was refused once, at exit, in bpftrace's words.
  std::string map_full_name = "map_full";
  std::vector<uint32_t> map_full_sites;
  // The LLVM IR's instruction count, as codegen left it (-d lifecycle).
  uint64_t ir_instructions = 0;
  // The script, so run-time messages can point into it.
  std::string source_name;
  std::string source_text;
};

}  // namespace bpfsh::artifact
