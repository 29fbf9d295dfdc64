#pragma once
// Records on the ring buffer and the formats and call sites they refer to.
#include <cstdint>
#include <string>
#include <vector>

#include "artifact/layout.h"

namespace bpfsh::artifact {

enum class EventType : uint32_t {
  Printf = 1,     // id: formats[id]; payload: the arguments at their offsets
  PrintMap = 2,   // id: maps[id];    payload: u64 top, u64 div
  ClearMap = 3,   // id: maps[id]
  ZeroMap = 4,    // id: maps[id]
  Exit = 5,       // u64: the status exit() gave (0 without one)
  PrintValue = 6, // id: values[id];  payload: the value
  System = 7,     // id: formats[id]; payload as Printf; run the result with /bin/sh
  Cat = 8,        // id: formats[id]; payload as Printf; print the named file
  ProcessSeen = 9,  // the first time a ustack/usym names a pid, so its mappings
                    // are kept for symbols after it exits. payload: u64 pid,
                    // u64 load bias of probes[id3]'s binary, u64 id3 (~0: none)
  Time = 10,        // id: time_formats[id]; no payload
  Join = 11,        // id: joins[id]; payload: u64 count, then count strings of arg_size
  HelperError = 12, // id: sites[id]; payload: s64 the helper's return code (-k)
  Unwatch = 13,     // payload: u64 address; detach the watchpoints on it
  DivideByZero = 14,  // id: sites[id]; a division or modulo by 0 gave 1 instead
  ArrayOutOfBounds = 15,  // id: sites[id]; an array index at run time was past its end
  // dw_ustack: payload u64 sample id (the value's first word), u64 pid,
  // u64 ip, sp, bp, u64 bytes copied, then kStackSampleBytes from sp up.
  StackSample = 16,
  Packet = 17,      // id: captures[id]; payload: u64 bpf_ktime_get_ns, u32 bytes
                    // captured, u32 the packet's length, then the captured bytes
  SkbPacket = 18,   // id: captures[id]; payload: u64 bpf_ktime_get_ns, u32 bytes
                    // captured, u32 how many of them the file skips (skboutput's
                    // offset), then the captured bytes, bpf_skb_output's
};

// pcap("file"[, N]) and skboutput("file", ...): a file the runtime writes
// in libpcap's format, each packet's first `snaplen` bytes. Ethernet frames
// (xdp, tc, socket) or raw IP packets (cgroup_skb, skboutput): one link
// type per file.
struct CaptureSpec {
  enum LinkType : uint32_t { Ethernet = 1, RawIp = 101 };  // pcap's LINKTYPE_* numbers
  std::string path;
  uint32_t link_type = Ethernet;
  uint32_t snaplen = 0;
};

// The most bytes of user stack a dw_ustack copies (the first, partial page
// from sp, then whole pages while they are mapped).
constexpr uint32_t kStackSampleBytes = 12288;
constexpr uint32_t kStackSampleHead = 48;

// A call in the script that can report at run time: errorf/warnf, a helper
// call checked under -k, or a division or modulo. Positions as common/source.h counts them.
struct SiteSpec {
  int line = 0, col = 0, end_line = 0, end_col = 0;
  std::string helper;  // checked helpers: "probe_read", "map_update_elem", ...
};

// join(argv[, sep]): up to max_args strings of arg_size bytes each.
struct JoinSpec {
  std::string sep = " ";
  uint32_t max_args = 16;
  uint32_t arg_size = 0;
};

struct EventHeader {
  uint32_t type;  // EventType
  uint32_t id;
};

struct FormatArg {
  Layout layout;
  uint32_t offset;  // from the start of the payload (after EventHeader)
};

// A printf-like format: the text is bpftrace's, not yet converted for C.
// A name for a set of flag bits (%gr: the kernel's GFP names), tried in
// order: each whose bits are all set is printed and its bits taken away.
struct FlagName {
  uint64_t mask = 0;
  std::string name;
};

struct FormatSpec {
  enum class Level : uint8_t { Plain, Warning, Error };
  std::string fmt;
  std::vector<FormatArg> args;
  std::vector<FlagName> gfp_names;  // only in a format with %gr
  Level level = Level::Plain;  // warnf/errorf: a message about the call at sites[site]
  int32_t site = -1;
};

}  // namespace bpfsh::artifact
