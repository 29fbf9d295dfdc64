#pragma once
// Turns ring-buffer records into output. Each record is a
// artifact::EventHeader {type, id} followed by the event's payload.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "artifact/artifact.h"
#include "common/source.h"
#include "runtime/output/output.h"
#include "runtime/pcap_file.h"
#include "runtime/printf_format.h"
#include "runtime/result.h"
#include "runtime/value.h"

namespace bpfsh::runtime {

// A user map as the kernel holds it, with what names its stacks and symbols.
struct MapRef {
  const artifact::MapSpec *spec = nullptr;
  int fd = -1;
  SymbolResolver *symbols = nullptr;
};

class EventHandler {
 public:
  // `artifact`, `out` and `symbols` must outlive the handler; maps[i] is
  // artifact.maps[i]. `symbols` (may be null) names stacks and symbols.
  static Result<EventHandler> create(const artifact::Artifact &artifact, std::vector<MapRef> maps,
                                     output::Output &out, SymbolResolver *symbols = nullptr);

  // Handles one record. Bad records and failed actions are reported on
  // stderr; they do not stop the session.
  void handle(const uint8_t *data, size_t size);

  bool exit_requested() const { return exit_; }
  // exit(N)'s N (0 for a plain exit()): the status bpfsh exits with.
  int exit_status() const { return exit_status_; }
  // unwatch(addr): addresses whose watchpoints the session should detach.
  std::vector<uint64_t> take_unwatched() { return std::move(unwatched_); }
  // After exit(), events still queued from other probe runs are dropped, as
  // bpftrace does; END's own events are wanted again.
  void accept_end_events() {
    dropping_ = false;
    stopped_ = nullptr;
  }
  // From the first record read after `stopped()` turns true (SIGINT or
  // SIGTERM), events are dropped as after exit(), as bpftrace drops them
  // once a signal asks it to stop: a stream that never dries up (system()
  // in sched_switch starts a task per event) can not keep bpfsh from its
  // exit, and queued system() commands do not run after Ctrl-C.
  void drop_when(bool (*stopped)()) { stopped_ = stopped; }
  // While an iterator runs, exit() ends only the program's run on one
  // object: bpftrace writes an iterator's printf() into the iterator's own
  // output, so what later objects print is still shown; their other events
  // are dropped as after exit(), and the first exit() sets the status.
  void set_iterating(bool on) { iterating_ = on; }

  // Where output goes from now on (the REPL's `.format`).
  void set_output(output::Output &out) { out_ = &out; }

  // --no-warnings: warnf() and -k's helper errors say nothing.
  void set_warnings(bool on) { warnings_ = on; }

  // BEGIN's events are handled while held, before the other probes are
  // attached: a print of a map reads it then (print(@m) shows @m as BEGIN
  // left it, as bpftrace drains BEGIN's output first), clear() and zero()
  // apply then, and all of it is output on release(), after the session has
  // announced the probes.
  void hold() { holding_ = true; }
  void release();

  // What pcap() wrote so far reaches its files; after each read of the
  // ring buffer, so a capture is readable while bpfsh runs.
  void flush_captures();

 private:
  EventHandler(const artifact::Artifact &a, std::vector<MapRef> maps, output::Output &out,
               SymbolResolver *symbols)
      : artifact_(&a), maps_(std::move(maps)), out_(&out), symbols_(symbols) {}

  void on_map(artifact::EventType type, uint32_t id, const uint8_t *payload, size_t size);
  void on_formatted(artifact::EventType type, uint32_t id, const uint8_t *payload, size_t size);
  void on_value(uint32_t id, const uint8_t *payload, size_t size);
  void on_process_seen(const uint8_t *payload, size_t size);
  void run_shell(const std::string &cmd);
  void cat_file(const std::string &path);
  void on_message(const artifact::FormatSpec &spec, std::string text);
  void on_helper_error(uint32_t id, const uint8_t *payload, size_t size);
  void on_divide_by_zero(uint32_t id);
  void on_array_out_of_bounds(uint32_t id);
  void on_time(uint32_t id);
  void on_join(uint32_t id, const uint8_t *payload, size_t size);
  void on_packet(uint32_t id, const uint8_t *payload, size_t size, bool skb);
  bool hold_event(artifact::EventType type, uint32_t id, const uint8_t *data, size_t size);

  struct Held {
    std::vector<uint8_t> event;   // the record as it came
    std::optional<MapView> map;   // a print's map, read when it came
  };

  const artifact::Artifact *artifact_;
  std::vector<MapRef> maps_;
  output::Output *out_;
  SymbolResolver *symbols_;
  std::vector<Formatter> formats_;
  std::string text_;  // reused by every printf: no allocation per event
  SourceFile source_;  // the script, for messages that point into it
  bool exit_ = false;
  int exit_status_ = 0;
  std::vector<uint64_t> unwatched_;
  std::set<uint32_t> divided_by_zero_;  // sites that reported a division by 0
  std::set<uint32_t> out_of_bounds_;    // sites that reported an index past an array's end
  std::set<uint32_t> helper_failed_;    // sites that reported a failed helper (-k)
  bool dropping_ = false;
  bool iterating_ = false;
  bool (*stopped_)() = nullptr;
  bool warnings_ = true;
  bool holding_ = false;
  bool held_exit_ = false;  // an exit() among the held events: what follows it is dropped
  std::vector<Held> held_;
  std::vector<PcapFile> captures_;  // captures_[i] is artifact.captures[i]'s
  std::set<uint32_t> capture_failed_;  // files a write failed for, reported once
};

}  // namespace bpfsh::runtime
