#pragma once
// A tracing session: loaded BPF objects, their attachments, their ring
// buffers, the maps they share, and the output. It owns every kernel
// resource it creates, and its destructor releases them all on every path.
//
// A session holds units: one per loaded Artifact. A one-shot run has one; the
// REPL adds units to the live session and drops them again (load, attach,
// keep_maps, run_begin, then poll; unload).
//
//   Session s(opts);
//   int status = s.run(std::move(artifact));   // the whole flow, below
//
//   run: load -> attach -> "Attached N probes" -> release the held child
//        -> BEGIN -> poll until exit() / child exit / SIGINT or SIGTERM
//           (no polling when only BEGIN/END probes exist and no -c/-p)
//        -> finish: detach all (in parallel) -> END -> drain events -> print maps
//        A stop before the announcement ends it there, printing nothing.
//
// Maps are shared by name (map_registry.h): a unit's map named like one an
// earlier unit kept is that same kernel map.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "artifact/artifact.h"
#include "runtime/held_child.h"
#include "runtime/map_registry.h"
#include "runtime/metrics/exporter.h"
#include "runtime/output/output.h"
#include "runtime/result.h"
#include "runtime/run_stats.h"
#include "runtime/symbolizer.h"

namespace bpfsh::runtime {

class Lifecycle;

// -B: how the output stream is buffered. Line (the default) and none also
// flush after each batch of events; full only when the buffer fills or at exit.
enum class BufferMode { Line, Full, None };

struct SessionOptions {
  output::Format format = output::Format::Text;
  std::FILE *out = stdout;     // where output goes (-o FILE); stderr gets messages
  std::string out_name;        // -o's FILE, for a failed write's message; empty: stdout
  bool verbose = false;        // libbpf's messages and whole verifier logs
  bool quiet = false;          // no "Attached N probes"
  HeldChild *child = nullptr;  // -c: released after attach; its exit ends the session
  Symbolizer *symbolizer = nullptr;  // names stacks and symbols; without it they print as addresses
  bool folded_stacks = false;        // --stack-format folded: maps keyed by stacks print folded
  BufferMode buffer = BufferMode::Line;
  bool warnings = true;              // false: --no-warnings, warnf() and -k reports say nothing
  int64_t pid = 0;                   // -p: the session ends when this process exits
  // --metrics: the maps served to Prometheus while run() runs, by the
  // bpfsh-metrics executable `metrics_server` (metrics/exporter.h).
  Lifecycle *lifecycle = nullptr;  // -d lifecycle: each stage is told to it
  // --no-feature ringbuf: a compiled object with both event channels
  // sends its events through the perf buffer (event_channel.h).
  bool perf_buffer = false;
  bool metrics = false;
  metrics::Endpoint metrics_at;
  std::string metrics_server;
};

class SignalWatch;
class SymbolCache;
class SymbolResolver;

class Session {
 public:
  explicit Session(SessionOptions opts);
  ~Session();
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

  // One-shot: everything above. Errors are printed as "ERROR: ..." on
  // stderr. Returns the exit status: exit(N)'s N (0 for a plain exit() or
  // none), or 1 when load/attach/BEGIN failed. A program of BEGIN and END
  // probes only stops right after BEGIN, unless -c or -p is given.
  int run(artifact::Artifact artifact);

  // --- Steps, for callers that drive a live session (the REPL) ---

  // Loads the artifact's programs and maps, reusing the session's maps of the
  // same names; returns the new unit's index (indices are never reused).
  Result<size_t> load(artifact::Artifact artifact);
  // Attaches the unit's probes (all but BEGIN/END). On failure, nothing of
  // this unit stays attached.
  Result<void> attach(size_t unit);
  // The unit's new maps join the session's: they outlive the unit, later
  // units share them, and finish() prints them.
  void keep_maps(size_t unit);
  // Number of the unit's probes that attached, BEGIN and END included, as
  // "Attached N probes" counts them.
  size_t probe_count(size_t unit) const;
  // Runs the unit's BEGIN programs in order.
  Result<void> run_begin(size_t unit);
  // Reads the events BEGIN queued and holds their output for the unit's
  // EventHandler::release() (print(@m) shows @m as BEGIN left it).
  void hold_begin_events(size_t unit);
  // Runs the unit's iterators once each, to their end 
  // (iter.h); after them the session stops: iterators run once.
  Result<void> run_iterators(size_t unit);
  // Runs every self:signal:SIGUSR1 program, once per signal received.
  Result<void> run_self_signal(int times);
  // Detaches the unit and frees its programs; its END programs never run.
  // Maps it kept stay. Events it already queued are handled first.
  void unload(size_t unit);
  // Waits up to timeout_ms for events (or a signal) and handles them.
  Result<void> poll(int timeout_ms);
  // An exit() event arrived, SIGINT/SIGTERM arrived (while run() watches
  // signals), or the held child exited.
  bool should_stop();
  // The status the first exit() gave, 0 without one.
  int exit_status() const;
  // Detaches everything, runs END programs, handles the last events and
  // prints every map (sorted by name). Once only; later calls do nothing.
  Result<void> finish();

  // Readable when events wait: poll it beside other fds, then call poll(0).
  int epoll_fd() const { return epoll_fd_; }
  // Counts program runs from now on (see run_stats.h); without it,
  // run_counts() reads zeros.
  Result<void> enable_run_stats();
  // How often each of the unit's probes ran, by probe index.
  std::vector<uint64_t> run_counts(size_t unit) const;

  // Whole-map operations on a kept map, by name ("@x").
  bool has_map(const std::string &name) const;
  Result<void> print_map(const std::string &name);
  Result<void> clear_map(const std::string &name);
  Result<void> zero_map(const std::string &name);

  // Output format from now on.
  void set_format(output::Format f);
  output::Output &out() { return *out_; }

 private:
  struct Unit;
  Unit *unit_at(size_t index) const;
  void announce(size_t probes);
  void detach_all();
  void die_if_hung_up();
  Result<void> run_end();
  Result<void> consume_all();
  void spill_dwarf_keys();
  void detach_unwatched();
  Result<void> print_all_maps();
  void add_to_epoll(int fd);
  void report_lost_events();
  void report_full_maps();
  bool report_write_error();
  bool target_exited();
  Result<void> start_metrics();
  void publish_metrics();

  SessionOptions opts_;
  std::unique_ptr<output::Output> out_;
  std::unique_ptr<SymbolCache> symbols_;  // shared by every unit: each address named once
  std::vector<std::unique_ptr<Unit>> units_;  // null once unloaded
  std::vector<std::unique_ptr<SymbolResolver>> retired_symbols_;  // of unloaded units
  MapRegistry maps_;
  RunStats stats_;
  SignalWatch *signals_ = nullptr;  // set while run() watches signals
  int epoll_fd_ = -1;
  int pid_fd_ = -1;  // -p: readable once the process has exited
  bool exit_seen_ = false;  // an unloaded unit had asked to exit
  int exit_status_ = 0;     // with this status
  bool iterated_ = false;   // iterators ran: the session is done
  bool finished_ = false;
  uint64_t lost_total_ = 0;  // every loss reported, for the total at exit
  uint64_t next_spill_ns_ = 0;  // CLOCK_MONOTONIC: spill_dwarf_keys() runs again
  std::unique_ptr<metrics::Exporter> metrics_;  // --metrics; stopped before the units go
};

}  // namespace bpfsh::runtime
