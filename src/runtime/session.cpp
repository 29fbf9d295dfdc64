#include "runtime/session.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <signal.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "runtime/attach/attach.h"
#include "runtime/attach/attach_order.h"
#include "runtime/attach/iter.h"
#include "runtime/detach.h"
#include "runtime/event_channel.h"
#include "runtime/events.h"
#include "runtime/lifecycle.h"
#include "runtime/loader.h"
#include "runtime/map_reader.h"
#include "runtime/messages.h"
#include "runtime/ring_buffer.h"
#include "runtime/session_unit.h"
#include "runtime/signals.h"
#include "runtime/symbol_resolver.h"
#include "runtime/test_run.h"

namespace bpfsh::runtime {

using artifact::ProbeKind;

namespace {

// Run with BPF_PROG_TEST_RUN rather than attached.
bool runs_once(ProbeKind k) {
  return k == ProbeKind::Begin || k == ProbeKind::End || k == ProbeKind::SelfSignal;
}

// A program of begin and end probes only has nothing to wait for once begin
// ran (as bpftrace since 0.25), not even the process of -p or -c: bpftrace
// drains and ends there, stopping the command, and so does bpfsh.
bool only_begin_end(const artifact::Artifact &a) {
  for (const auto &p : a.probes)
    if (p.type != ProbeKind::Begin && p.type != ProbeKind::End) return false;
  return true;
}

std::vector<bpf_link *> link_handles(const Links &links) {
  std::vector<bpf_link *> out;
  for (const auto &l : links) out.push_back(l.get());
  return out;
}

bool process_gone(int64_t pid) { return pid > 0 && kill(pid_t(pid), 0) != 0 && errno == ESRCH; }

}  // namespace

Session::Session(SessionOptions opts)
    : opts_(opts), out_(output::make_output(opts.format, opts.out ? opts.out : stdout, opts.folded_stacks)),
      symbols_(std::make_unique<SymbolCache>(opts.symbolizer)) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  std::FILE *f = opts.out ? opts.out : stdout;
  if (opts.buffer == BufferMode::Full) std::setvbuf(f, nullptr, _IOFBF, 1 << 16);
  if (opts.buffer == BufferMode::None) std::setvbuf(f, nullptr, _IONBF, 0);
  if (opts.pid > 0) {
    pid_fd_ = int(syscall(SYS_pidfd_open, opts.pid, 0));
    if (pid_fd_ >= 0) add_to_epoll(pid_fd_);
  }
}

Session::~Session() {
  metrics_.reset();
  detach_all();
  units_.clear();
  if (epoll_fd_ >= 0) close(epoll_fd_);
  if (pid_fd_ >= 0) close(pid_fd_);
}

Session::Unit *Session::unit_at(size_t index) const {
  return index < units_.size() ? units_[index].get() : nullptr;
}

void Session::add_to_epoll(int fd) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = fd;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
}

Result<size_t> Session::load(artifact::Artifact artifact) {
  auto unit = std::make_unique<Unit>();
  unit->artifact = std::move(artifact);
  auto reuse = maps_.reuse_for(unit->artifact);
  if (!reuse) return fail(reuse.error());
  Stopwatch load_time;
  auto obj = BpfObject::load(unit->artifact, opts_.verbose, *reuse, opts_.perf_buffer);
  if (!obj) return fail(obj.error());
  if (auto perf = obj->picked_perf()) use_event_channel(unit->artifact, *perf);
  if (opts_.lifecycle) opts_.lifecycle->loaded(load_time.ms(), unit->artifact, obj->get());
  unit->object = std::move(*obj);
  SymbolResolver::StackMapFds stack_fds;
  for (const auto &s : unit->artifact.stack_maps) stack_fds[{s.limit, s.build_id}] = unit->object.map_fd(s.elf_name);
  unit->symbols = std::make_unique<SymbolResolver>(*symbols_, std::move(stack_fds),
                                                   unit->artifact.settings.show_debug_info);
  std::vector<MapRef> maps;
  std::vector<int> fds = unit->map_fds();
  for (size_t i = 0; i < unit->artifact.maps.size(); i++)
    maps.push_back(MapRef{&unit->artifact.maps[i], fds[i], unit->symbols.get()});
  auto events = EventHandler::create(unit->artifact, std::move(maps), *out_, unit->symbols.get());
  if (!events) return fail(events.error());
  unit->events = std::make_unique<EventHandler>(std::move(*events));
  unit->events->set_warnings(opts_.warnings);
  unit->links.resize(unit->artifact.probes.size());
  if (int fd = unit->object.map_fd(unit->artifact.ringbuf_name); fd >= 0) {
    Stopwatch ring_time;
    unit->ring = std::make_unique<RingBuffer>();
    uint32_t pages = unit->artifact.perf_buffer_pages;
    auto r = pages ? unit->ring->add_perf(fd, unit->events.get(), pages) : unit->ring->add(fd, unit->events.get());
    if (!r) return fail(r.error());
    add_to_epoll(unit->ring->epoll_fd());
    if (opts_.lifecycle) opts_.lifecycle->event_channel(ring_time.ms(), fd, pages);
  }
  units_.push_back(std::move(unit));
  return units_.size() - 1;
}

Result<void> Session::attach(size_t index) {
  Unit &u = *unit_at(index);
  if (u.attached) return {};
  const auto &probes = u.artifact.probes;
  Stopwatch all;
  for (size_t i : attach_order(probes)) {
    if (runs_once(probes[i].type)) continue;
    // Ctrl-C while attaching: stop here; finish() detaches what was attached.
    if (signals_ && signals_->stop_requested()) return {};
    Stopwatch one;
    auto links = attach_probe(probes[i], u.object.program(probes[i].prog_name));
    if (links && opts_.lifecycle) opts_.lifecycle->attached(probes[i], one.ms(), link_handles(*links));
    auto missing = u.artifact.settings.missing_probes;
    if (!links && missing != artifact::RunSettings::MissingProbes::Error) {
      if (missing == artifact::RunSettings::MissingProbes::Warn)
        std::fprintf(stderr, "WARNING: %s\n", links.error().c_str());
      continue;
    }
    if (!links) {
      std::vector<Link> undo;
      for (auto &ls : u.links)
        for (auto &l : ls) undo.push_back(std::move(l));
      u.links.clear();
      u.links.resize(probes.size());
      destroy_in_parallel(std::move(undo));
      return fail(links.error());
    }
    u.links[i] = std::move(*links);
  }
  if (opts_.lifecycle) opts_.lifecycle->attach_done(all.ms());
  u.attached = true;
  return {};
}

void Session::keep_maps(size_t index) {
  if (Unit *u = unit_at(index)) maps_.keep(u->artifact, u->map_fds(), u->symbols.get());
}

// As bpftrace v0.26 counts what it attached: each BEGIN, END and self probe,
// each attach point that attached (one missing_probes=warn left out counts
// not), and a usdt probe once however many sites in its file it sits at.
size_t Session::probe_count(size_t unit) const {
  const Unit &u = *unit_at(unit);
  const auto &probes = u.artifact.probes;
  size_t n = 0;
  for (size_t i = 0; i < probes.size(); i++) {
    bool attached = runs_once(probes[i].type) || (i < u.links.size() && !u.links[i].empty());
    if (!attached) continue;
    bool later_site = false;
    for (size_t j = 0; j < i && probes[i].type == ProbeKind::Usdt; j++)
      later_site |= probes[j].type == ProbeKind::Usdt && probes[j].display == probes[i].display &&
                    !u.links[j].empty();
    n += !later_site;
  }
  return n;
}

Result<void> Session::run_begin(size_t index) {
  Unit &u = *unit_at(index);
  for (const auto &p : u.artifact.probes) {
    if (p.type != ProbeKind::Begin) continue;
    bpf_program *prog = u.object.program(p.prog_name);
    if (!prog) return fail(probe_subject(p) + ": program '" + p.prog_name + "' is not in the BPF object");
    if (auto r = run_once(bpf_program__fd(prog), probe_subject(p)); !r) return r;
  }
  return {};
}

// BEGIN's events are read now, so print(@m) shows @m as BEGIN left it, and
// output once the probes are announced (EventHandler::hold).
void Session::hold_begin_events(size_t index) {
  Unit &u = *unit_at(index);
  if (!u.events || !u.ring) return;
  u.events->hold();
  (void)u.ring->consume();  // lost records are reported after the held output
}

Result<void> Session::run_iterators(size_t index) {
  Unit &u = *unit_at(index);
  const auto &probes = u.artifact.probes;
  for (size_t i = 0; i < probes.size(); i++) {
    if (probes[i].type != ProbeKind::Iter || u.links[i].empty()) continue;
    auto drain = [this] {
      (void)consume_all();
      out_->flush();
    };
    if (u.events) u.events->set_iterating(true);
    auto r = run_iterator(u.links[i].front(), probe_subject(probes[i]), drain);
    if (u.events) u.events->set_iterating(false);
    if (!r) return r;
    iterated_ = true;
  }
  return {};
}

Result<void> Session::run_self_signal(int times) {
  for (int k = 0; k < times; k++)
    for (auto &u : units_) {
      if (!u) continue;
      for (const auto &p : u->artifact.probes) {
        if (p.type != ProbeKind::SelfSignal) continue;
        bpf_program *prog = u->object.program(p.prog_name);
        if (!prog) return fail(probe_subject(p) + ": program '" + p.prog_name + "' is not in the BPF object");
        if (auto r = run_once(bpf_program__fd(prog), probe_subject(p)); !r) return r;
      }
    }
  return {};
}

void Session::unload(size_t index) {
  Unit *u = unit_at(index);
  if (!u) return;
  std::vector<Link> links;
  for (auto &ls : u->links)
    for (auto &l : ls) links.push_back(std::move(l));
  destroy_in_parallel(std::move(links));
  if (u->ring) {
    (void)u->ring->consume();
    out_->flush();
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, u->ring->epoll_fd(), nullptr);
  }
  if (u->events && u->events->exit_requested() && !exit_seen_) {
    exit_seen_ = true;
    exit_status_ = u->events->exit_status();
  }
  // Kept maps may still name this unit's stacks when printed.
  retired_symbols_.push_back(std::move(u->symbols));
  units_[index].reset();
}

// unwatch(addr): the watchpoints on addr stop firing; their links go now.
void Session::detach_unwatched() {
  for (auto &u : units_) {
    if (!u || !u->events) continue;
    for (uint64_t addr : u->events->take_unwatched())
      for (size_t i = 0; i < u->artifact.probes.size(); i++) {
        const auto &p = u->artifact.probes[i];
        if (p.type == ProbeKind::Watchpoint && p.address == addr) u->links[i].clear();
      }
  }
}

Result<void> Session::consume_all() {
  Result<void> result;
  for (auto &u : units_) {
    if (!u || !u->ring) continue;
    if (auto r = u->ring->consume(); !r && result) result = r;
    if (u->events) u->events->flush_captures();
  }
  report_lost_events();
  detach_unwatched();
  return result;
}

// The programs count the records a full ring buffer refused (per CPU); each
// new loss is reported once, as bpftrace's "Lost N events".
void Session::report_lost_events() {
  static const int ncpus = libbpf_num_possible_cpus();
  if (ncpus <= 0) return;
  std::vector<uint64_t> per_cpu(size_t(ncpus), 0);
  for (auto &u : units_) {
    if (!u) continue;
    int fd = u->object.map_fd(u->artifact.lost_name);
    uint32_t key = 0;
    if (fd < 0 || bpf_map_lookup_elem(fd, &key, per_cpu.data()) != 0) continue;
    uint64_t total = 0;
    for (uint64_t n : per_cpu) total += n;
    if (total > u->lost_reported) {
      out_->lost_events(total - u->lost_reported);
      lost_total_ += total - u->lost_reported;
      u->lost_reported = total;
    }
  }
}

// The programs count, per CPU and per place in the script, the updates a
// full map refused. Each place is reported once, when the session ends, in
// the words bpftrace v0.26 prints for every refused update (a flood).
void Session::report_full_maps() {
  static const int ncpus = libbpf_num_possible_cpus();
  if (ncpus <= 0 || !opts_.warnings) return;
  std::vector<uint64_t> per_cpu(size_t(ncpus), 0);
  for (auto &u : units_) {
    if (!u) continue;
    const auto &a = u->artifact;
    SourceFile src{a.source_name, a.source_text};
    int fd = u->object.map_fd(a.map_full_name);
    for (uint32_t key = 0; fd >= 0 && key < a.map_full_sites.size(); key++) {
      if (bpf_map_lookup_elem(fd, &key, per_cpu.data()) != 0) continue;
      uint64_t total = 0;
      for (uint64_t n : per_cpu) total += n;
      if (total) out_->message(helper_message(a.sites[a.map_full_sites[key]], -E2BIG, src));
    }
  }
}

// The first failed write of the output, said once; true when there was one.
bool Session::report_write_error() {
  int e = out_->write_error();
  if (!e) return false;
  std::string name = opts_.out_name.empty() ? "stdout" : "'" + opts_.out_name + "'";
  std::fprintf(stderr, "ERROR: failed to write output to %s: %s\n", name.c_str(), std::strerror(e));
  return true;
}

// -p: the pidfd is readable once the process has exited; without one (a
// kernel before pidfd_open) ask kill(pid, 0).
bool Session::target_exited() {
  if (pid_fd_ < 0) return process_gone(opts_.pid);
  pollfd p{pid_fd_, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

Result<void> Session::poll(int timeout_ms) {
  epoll_event evs[8];
  int n = epoll_wait(epoll_fd_, evs, 8, timeout_ms);
  if (n < 0 && errno != EINTR) return fail(errno_message("session", "failed to wait for events", errno));
  Result<void> self;
  if (signals_) {
    signals_->drain();
    if (int n = signals_->take_usr1()) self = run_self_signal(n);
  }
  auto r = consume_all();
  if (!self) r = self;
  if (opts_.buffer != BufferMode::Full) out_->flush();
  spill_dwarf_keys();
  return r;
}

// Once a second: maps keyed by a dw_ustack hold a key per event until their
// settled entries move out of the kernel (runtime/dw_key_spill.h). A map
// that can not be read now is read, and its error told, when it prints.
void Session::spill_dwarf_keys() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  uint64_t ns = uint64_t(now.tv_sec) * 1000000000ull + uint64_t(now.tv_nsec);
  if (ns < next_spill_ns_) return;
  next_spill_ns_ = ns + 1000000000ull;
  for (const auto &m : maps_.all())
    if (m.symbols) (void)runtime::spill_dwarf_keys(*m.spec, m.fd, *m.symbols);
}

bool Session::should_stop() {
  if (exit_seen_ || iterated_) return true;
  if (out_->write_error()) return true;  // the output is lost from here on
  if (signals_ && signals_->stop_requested()) return true;
  if (opts_.child && opts_.child->released() && opts_.child->poll_exit()) return true;
  if (target_exited()) return true;
  for (const auto &u : units_)
    if (u && u->events && u->events->exit_requested()) return true;
  return false;
}

int Session::exit_status() const {
  if (exit_seen_) return exit_status_;
  for (const auto &u : units_)
    if (u && u->events && u->events->exit_requested()) return u->events->exit_status();
  return 0;
}

void Session::detach_all() {
  std::vector<Link> all;
  for (auto &u : units_)
    if (u)
      for (auto &ls : u->links)
        for (auto &l : ls) all.push_back(std::move(l));
  destroy_in_parallel(std::move(all));
}

Result<void> Session::run_end() {
  for (auto &u : units_) {
    if (!u) continue;
    for (const auto &p : u->artifact.probes) {
      if (p.type != ProbeKind::End) continue;
      bpf_program *prog = u->object.program(p.prog_name);
      if (!prog) return fail(probe_subject(p) + ": program '" + p.prog_name + "' is not in the BPF object");
      if (auto r = run_once(bpf_program__fd(prog), probe_subject(p)); !r) return r;
    }
  }
  return {};
}

Result<void> Session::print_all_maps() {
  for (const auto &u : units_)
    if (u && !u->artifact.settings.print_maps_on_exit) return {};
  for (const auto &m : maps_.all()) {
    auto view = read_map(*m.spec, m.fd, m.symbols);
    if (!view) return fail(view.error());
    out_->map(std::move(*view));
  }
  return {};
}

Result<void> Session::finish() {
  if (finished_) return {};
  finished_ = true;
  Stopwatch detach_time;
  detach_all();
  if (opts_.lifecycle) opts_.lifecycle->add({"detach", detach_time.ms(), {}, "", {}});
  if (signals_) {  // nothing is attached now: a SIGHUP ends bpfsh at once
    signals_->hangup_detaches(false);
    die_if_hung_up();
  }
  auto queued = consume_all();
  for (auto &u : units_)
    if (u && u->events) u->events->accept_end_events();
  auto end = run_end();
  auto drained = consume_all();
  if (lost_total_) out_->lost_events_total(lost_total_);
  report_full_maps();
  out_->end();
  if (signals_) signals_->let_sigint_kill();
  Stopwatch read_time;
  auto printed = print_all_maps();
  out_->flush();
  if (opts_.lifecycle) {
    opts_.lifecycle->add({"map reads at exit", read_time.ms(), {{"maps", std::to_string(maps_.all().size())}}, "", {}});
    std::fputs(opts_.lifecycle->json().c_str(), opts_.out ? opts_.out : stdout);
  }
  metrics_.reset();
  if (!queued) return queued;
  if (!end) return end;
  if (!drained) return drained;
  return printed;
}

Result<void> Session::enable_run_stats() {
  if (stats_.enabled()) return {};
  auto s = RunStats::enable();
  if (!s) return fail(s.error());
  stats_ = std::move(*s);
  return {};
}

std::vector<uint64_t> Session::run_counts(size_t index) const {
  std::vector<uint64_t> out;
  const Unit *u = unit_at(index);
  if (!u) return out;
  for (const auto &p : u->artifact.probes) {
    bpf_program *prog = u->object.program(p.prog_name);
    out.push_back(prog ? run_count(bpf_program__fd(prog)) : 0);
  }
  return out;
}

bool Session::has_map(const std::string &name) const { return maps_.find(name).fd >= 0; }

Result<void> Session::print_map(const std::string &name) {
  MapRef m = maps_.find(name);
  if (m.fd < 0) return fail("map '" + name + "': no such map");
  auto view = read_map(*m.spec, m.fd);
  if (!view) return fail(view.error());
  out_->map(std::move(*view));
  out_->flush();
  return {};
}

Result<void> Session::clear_map(const std::string &name) {
  MapRef m = maps_.find(name);
  if (m.fd < 0) return fail("map '" + name + "': no such map");
  return runtime::clear_map(*m.spec, m.fd);
}

Result<void> Session::zero_map(const std::string &name) {
  MapRef m = maps_.find(name);
  if (m.fd < 0) return fail("map '" + name + "': no such map");
  return runtime::zero_map(*m.spec, m.fd);
}

void Session::set_format(output::Format f) {
  out_->flush();
  auto next = output::make_output(f, opts_.out ? opts_.out : stdout);
  for (auto &u : units_)
    if (u && u->events) u->events->set_output(*next);
  out_ = std::move(next);
}

void Session::announce(size_t probes) {
  if (opts_.quiet) return;
  std::fprintf(stderr, "Attached %zu probe%s\n", probes, probes == 1 ? "" : "s");
  out_->attached_probes(probes);
  out_->flush();
}

// A SIGHUP while probes were attached: they are detached, the command is
// stopped, and bpfsh dies of the signal (signals.h).
void Session::die_if_hung_up() {
  if (!signals_ || !signals_->hangup_requested()) return;
  if (opts_.child) opts_.child->kill();
  detach_all();
  signals_->die_of_hangup();
}

int Session::run(artifact::Artifact artifact) {
  SignalWatch watch;
  signals_ = &watch;
  add_to_epoll(watch.fd());
  // Stopped before the probes were announced: as bpftrace, nothing prints,
  // not BEGIN's output nor END's, no maps; what was attached is detached.
  auto stopped_early = [this] {
    if (opts_.child && !opts_.child->released()) opts_.child->kill();
    detach_all();
    die_if_hung_up();
    signals_ = nullptr;
    return 0;
  };
  auto error = [this](const std::string &msg) {
    std::fputs(error_text(msg).c_str(), stderr);
    if (opts_.child && !opts_.child->released()) opts_.child->kill();
    detach_all();
    signals_ = nullptr;
    return 1;
  };
  if (auto r = start_metrics(); !r) return error(r.error());
  auto unit = load(std::move(artifact));
  if (!unit) return error(unit.error());
  if (watch.stop_requested()) return stopped_early();
  if (units_[*unit]->events) units_[*unit]->events->drop_when(&stop_signalled);
  // BEGIN runs before anything else is attached, as in bpftrace: the
  // headers it prints come before the first event, and the maps it fills
  // are ready when the first probe fires. Its events wait in the ring
  // buffer until the rest is attached and announced, read (held) before.
  if (auto r = run_begin(*unit); !r) return error(r.error());
  hold_begin_events(*unit);
  watch.hangup_detaches(true);
  if (auto r = attach(*unit); !r) return error(r.error());
  if (watch.stop_requested()) return stopped_early();
  keep_maps(*unit);
  publish_metrics();
  announce(probe_count(*unit));
  if (units_[*unit]->events) units_[*unit]->events->release();
  if (opts_.child && !opts_.child->released())
    if (auto r = opts_.child->release(); !r) return error(r.error());
  bool waits = !only_begin_end(units_[*unit]->artifact);
  if (auto r = run_iterators(*unit); !r) return error(r.error());
  Stopwatch run_time;
  while (waits && !should_stop()) {
    if (auto r = poll(100); !r) return error(r.error());
  }
  if (opts_.lifecycle) opts_.lifecycle->add({"run", run_time.ms(), {}, "", {}});
  die_if_hung_up();
  auto r = finish();
  signals_ = nullptr;
  if (report_write_error()) return 1;
  if (!r) {
    std::fputs(error_text(r.error()).c_str(), stderr);
    return 1;
  }
  return exit_status();
}

}  // namespace bpfsh::runtime
