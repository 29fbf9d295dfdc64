#pragma once
// What codegen hands to the runtime: plain data only. The runtime never sees
// the AST; this header is the only thing it includes from earlier stages.
// An Artifact can be written to disk (ELF + a JSON sidecar) and run later.
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
//  * Events on the ring buffer start with EventHeader.
#include <cstdint>
#include <string>
#include <vector>

namespace bpfsh::codegen {

// How a kstack/ustack prints: bpftrace's "        func+off" lines, perf's
// "\tADDR func+off (module)" lines, or raw hexadecimal addresses.
enum class StackMode : uint8_t { Bpftrace, Perf, Raw };

struct Layout {
  enum class Kind : uint8_t { None, Int, Str, Tuple, Inet, KStack, UStack, KSym, USym, Timestamp, Record, Array,
                              Buffer, MacAddr, Username, Bool, Lookup };
  Kind kind = Kind::None;
  bool hex = false;            // Int: a pointer, printed as 0x... (as a number in json)
  // Int: the enum's enumerators; a value that is one prints as its name.
  std::vector<std::pair<uint64_t, std::string>> enumerators;
  // A member of a Record: its name and where it lives in the record.
  std::string name;
  uint32_t offset = 0;
  uint32_t bit_offset = 0, bit_size = 0;  // bitfields only
  uint32_t count = 0;          // Array: elements (elems[0] each, elems[0].size apart)
  StackMode stack_mode = StackMode::Bpftrace;  // KStack, UStack
  uint32_t stack_limit = 0;                    // KStack, UStack: frames in its stack map
  bool is_signed = false;      // Int
  uint32_t size = 0;           // bytes occupied (Int, Bool: 8; Str: padded size)
  // Str: a string this long may have been cut short (it filled a max_strlen
  // buffer to the NUL), and prints with `trailer` after it, as bpftrace's
  // str_trunc_trailer. 0 for strings that can not be cut (literals, comm).
  uint32_t trunc_len = 0;
  std::string trailer;
  std::string time_format;     // Timestamp: strftime's format (u64 nsecs of CLOCK_MONOTONIC)
  std::string lookup;          // Lookup: the table naming the i64 ("strerror", "cgroup_path", ...)
  std::string lookup_arg;      // Lookup: cgroup_path()'s hierarchy filter
  std::vector<Layout> elems;   // Tuple, in order; element i at elem_offset(i).
                               // Record: its members. Array: the element.
  uint32_t elem_offset(size_t i) const {
    uint32_t off = 0;
    for (size_t k = 0; k < i; k++) off += elems[k].size;
    return off;
  }
};

enum class AggKind : uint8_t { None, Count, Sum, Min, Max, Avg, Stats, Hist, Lhist };

struct MapSpec {
  std::string name;       // as the user wrote it: "@", "@x"
  std::string elf_name;   // the BPF map's name in the ELF: "m0", "m1", ...
  Layout key;             // Kind::None for a scalar map (the BPF key is then a u64 0)
  Layout value;           // for AggKind::None: the stored value
  AggKind agg = AggKind::None;
  bool percpu = false;    // value is per CPU: read all CPUs and combine
  bool array = false;     // a per-CPU array indexed by bucket (keyless hist/lhist)
  uint32_t key_size = 0;  // BPF key size (includes the bucket for Hist/Lhist)
  uint32_t value_size = 0;  // BPF value size for one CPU
  uint32_t max_entries = 0;
  bool value_signed = false;  // Sum/Min/Max/Avg/Stats over signed input
  int64_t lhist_min = 0, lhist_max = 0, lhist_step = 0;  // Lhist only
};

enum class ProbeKind : uint8_t {
  Begin, End, Tracepoint, RawTracepoint, Uprobe, Uretprobe, Interval, Profile,
  Kprobe, Kretprobe, Fentry, Fexit,
  Usdt, Software, Hardware, Watchpoint, Iter, SelfSignal,
};

struct ProbeSpec {
  std::string prog_name;   // BPF program (function) name in the ELF
  ProbeKind kind = ProbeKind::Begin;
  std::string display;     // the attach point as resolved: "tracepoint:syscalls:sys_enter_openat"
  std::string target;      // Tracepoint: category; Uprobe: binary path; RawTracepoint: event;
                           // Kprobe, Fentry: the module (empty: vmlinux)
  std::string func;        // Tracepoint: event name; Uprobe, Kprobe, Fentry: symbol name
  uint64_t offset = 0;     // Uprobe, Kprobe: offset added to the symbol (or the address when func is empty)
  uint64_t period_ns = 0;  // Interval
  uint64_t freq_hz = 0;    // Profile
  // Software, Hardware: perf_event_attr type/config/sample_period, on every CPU.
  uint32_t perf_type = 0;
  uint64_t perf_config = 0;
  uint64_t sample_period = 0;
  // Watchpoint: a hardware breakpoint of `length` bytes at `address`;
  // mode is "r", "w", "rw" or "x".
  uint64_t address = 0;
  uint32_t length = 0;
  std::string mode;
  // Usdt: target is the binary and offset the probe's file offset; the
  // kernel counts the semaphore at ref_ctr_offset (0: none) while attached.
  uint64_t ref_ctr_offset = 0;
  // Iter: func is the iterator ("task", "task_file", "task_vma").
  int signal = 0;          // SelfSignal: fires when bpfsh receives it
  int64_t pid = 0;         // Uprobe, Usdt, Watchpoint: only this process (-p/-c); 0: all
};

enum class EventType : uint32_t {
  Printf = 1,     // id: formats[id]; payload: the arguments at their offsets
  PrintMap = 2,   // id: maps[id];    payload: u64 top, u64 div
  ClearMap = 3,   // id: maps[id]
  ZeroMap = 4,    // id: maps[id]
  Exit = 5,       // no payload
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
};

// A call in the script that can report at run time: errorf/warnf, or a
// helper call checked under -k. Positions as common/source.h counts them.
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

// A BPF_MAP_TYPE_STACK_TRACE map: u32 stack id -> `limit` u64 frame
// addresses, innermost first, zero after the last one.
struct StackMapSpec {
  std::string elf_name;
  uint32_t limit = 0;
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
struct FormatSpec {
  enum class Level : uint8_t { Plain, Warning, Error };
  std::string fmt;
  std::vector<FormatArg> args;
  Level level = Level::Plain;  // warnf/errorf: a message about the call at sites[site]
  int32_t site = -1;
};

// The config keys the runtime acts on (sema::Config holds them all).
struct RunSettings {
  enum class MissingProbes : uint8_t { Error, Warn, Ignore };
  bool print_maps_on_exit = true;
  uint64_t max_cat_bytes = 10240;  // cat() prints at most this much of a file
  MissingProbes missing_probes = MissingProbes::Error;  // a probe that fails to attach
};

struct Artifact {
  std::vector<uint8_t> elf;
  std::string ringbuf_name = "events";  // the ring buffer map in the ELF
  std::vector<ProbeSpec> probes;
  std::vector<MapSpec> maps;            // user maps only, in first-use order
  std::vector<FormatSpec> formats;      // printf, system, cat
  std::vector<Layout> values;           // print(value)
  std::vector<StackMapSpec> stack_maps; // one per frame limit in use
  RunSettings settings;
  std::vector<std::string> time_formats;  // time(): strftime formats
  std::vector<JoinSpec> joins;
  std::vector<SiteSpec> sites;
  // A one-slot array the programs count refused ring-buffer records in.
  std::string lost_name = "lost_events";
  // The script, so run-time messages can point into it.
  std::string source_name;
  std::string source_text;
};

}  // namespace bpfsh::codegen
