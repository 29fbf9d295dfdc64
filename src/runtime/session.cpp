#include "runtime/session.h"

#include <bpf/libbpf.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "runtime/attach/attach.h"
#include "runtime/detach.h"
#include "runtime/events.h"
#include "runtime/loader.h"
#include "runtime/map_reader.h"
#include "runtime/ring_buffer.h"
#include "runtime/signals.h"
#include "runtime/symbol_resolver.h"
#include "runtime/test_run.h"

namespace bpfsh::runtime {

using codegen::ProbeKind;

// One loaded Artifact. Members are destroyed bottom-up: links before the
// object that owns their programs.
struct Session::Unit {
  codegen::Artifact artifact;
  BpfObject object;
  std::unique_ptr<SymbolResolver> symbols;  // reads this unit's stack maps
  std::unique_ptr<EventHandler> events;
  std::vector<Links> links;  // by probe index; empty for BEGIN/END
  bool attached = false;
};

namespace {

bool runs_once(ProbeKind k) { return k == ProbeKind::Begin || k == ProbeKind::End; }

}  // namespace

Session::Session(SessionOptions opts)
    : opts_(opts), out_(output::make_output(opts.format, opts.out ? opts.out : stdout, opts.folded_stacks)),
      symbols_(std::make_unique<SymbolCache>(opts.symbolizer)), rb_(std::make_unique<RingBuffer>()) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
}

Session::~Session() {
  detach_all();
  units_.clear();
  rb_.reset();
  if (epoll_fd_ >= 0) close(epoll_fd_);
}

void Session::add_to_epoll(int fd) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = fd;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
}

Result<size_t> Session::load(codegen::Artifact artifact) {
  auto unit = std::make_unique<Unit>();
  unit->artifact = std::move(artifact);
  auto obj = BpfObject::load(unit->artifact, opts_.verbose);
  if (!obj) return fail(obj.error());
  unit->object = std::move(*obj);
  std::map<uint32_t, int> stack_fds;
  for (const auto &s : unit->artifact.stack_maps) stack_fds[s.limit] = unit->object.map_fd(s.elf_name);
  unit->symbols = std::make_unique<SymbolResolver>(*symbols_, std::move(stack_fds));
  std::vector<MapRef> maps;
  for (const auto &m : unit->artifact.maps)
    maps.push_back(MapRef{&m, unit->object.map_fd(m.elf_name), unit->symbols.get()});
  auto events = EventHandler::create(unit->artifact, std::move(maps), *out_, unit->symbols.get());
  if (!events) return fail(events.error());
  unit->events = std::make_unique<EventHandler>(std::move(*events));
  unit->links.resize(unit->artifact.probes.size());
  if (int fd = unit->object.map_fd(unit->artifact.ringbuf_name); fd >= 0) {
    bool first = rb_->epoll_fd() < 0;
    if (auto r = rb_->add(fd, unit->events.get()); !r) return fail(r.error());
    if (first) add_to_epoll(rb_->epoll_fd());
  }
  units_.push_back(std::move(unit));
  return units_.size() - 1;
}

Result<void> Session::attach(size_t index) {
  Unit &u = *units_.at(index);
  if (u.attached) return {};
  const auto &probes = u.artifact.probes;
  for (size_t i = 0; i < probes.size(); i++) {
    if (runs_once(probes[i].kind)) continue;
    auto links = attach_probe(probes[i], u.object.program(probes[i].prog_name));
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
  u.attached = true;
  return {};
}

size_t Session::probe_count(size_t unit) const { return units_.at(unit)->artifact.probes.size(); }

Result<void> Session::run_begin(size_t index) {
  Unit &u = *units_.at(index);
  for (const auto &p : u.artifact.probes) {
    if (p.kind != ProbeKind::Begin) continue;
    bpf_program *prog = u.object.program(p.prog_name);
    if (!prog) return fail(probe_subject(p) + ": program '" + p.prog_name + "' is not in the BPF object");
    if (auto r = run_once(bpf_program__fd(prog), probe_subject(p)); !r) return r;
  }
  return {};
}

Result<void> Session::poll(int timeout_ms) {
  epoll_event evs[4];
  int n = epoll_wait(epoll_fd_, evs, 4, timeout_ms);
  if (n < 0 && errno != EINTR) return fail(errno_message("session", "failed to wait for events", errno));
  if (signals_) signals_->drain();
  auto r = rb_->consume();
  out_->flush();
  return r;
}

bool Session::should_stop() {
  if (signals_ && signals_->stop_requested()) return true;
  if (opts_.child && opts_.child->released() && opts_.child->poll_exit()) return true;
  for (const auto &u : units_)
    if (u->events && u->events->exit_requested()) return true;
  return false;
}

void Session::detach_all() {
  std::vector<Link> all;
  for (auto &u : units_)
    for (auto &ls : u->links)
      for (auto &l : ls) all.push_back(std::move(l));
  destroy_in_parallel(std::move(all));
}

Result<void> Session::run_end() {
  for (auto &u : units_) {
    for (const auto &p : u->artifact.probes) {
      if (p.kind != ProbeKind::End) continue;
      bpf_program *prog = u->object.program(p.prog_name);
      if (!prog) return fail(probe_subject(p) + ": program '" + p.prog_name + "' is not in the BPF object");
      if (auto r = run_once(bpf_program__fd(prog), probe_subject(p)); !r) return r;
    }
  }
  return {};
}

Result<void> Session::print_all_maps() {
  std::vector<MapRef> maps;
  for (auto &u : units_)
    for (const auto &m : u->artifact.maps)
      maps.push_back(MapRef{&m, u->object.map_fd(m.elf_name), u->symbols.get()});
  std::stable_sort(maps.begin(), maps.end(),
                   [](const MapRef &a, const MapRef &b) { return a.spec->name < b.spec->name; });
  for (const auto &m : maps) {
    if (m.fd < 0) continue;
    auto view = read_map(*m.spec, m.fd, m.symbols);
    if (!view) return fail(view.error());
    out_->map(std::move(*view));
  }
  return {};
}

Result<void> Session::finish() {
  if (finished_) return {};
  finished_ = true;
  detach_all();
  auto queued = rb_->consume();
  for (auto &u : units_)
    if (u->events) u->events->accept_end_events();
  auto end = run_end();
  auto drained = rb_->consume();
  auto printed = print_all_maps();
  out_->flush();
  if (!queued) return queued;
  if (!end) return end;
  if (!drained) return drained;
  return printed;
}

void Session::announce(size_t probes) {
  if (opts_.quiet) return;
  std::fprintf(stderr, "Attaching %zu probe%s...\n", probes, probes == 1 ? "" : "s");
  out_->attached_probes(probes);
  out_->flush();
}

int Session::run(codegen::Artifact artifact) {
  SignalWatch watch;
  signals_ = &watch;
  add_to_epoll(watch.fd());
  auto error = [this](const std::string &msg) {
    std::fprintf(stderr, "ERROR: %s\n", msg.c_str());
    if (opts_.child && !opts_.child->released()) opts_.child->kill();
    detach_all();
    signals_ = nullptr;
    return 1;
  };
  auto unit = load(std::move(artifact));
  if (!unit) return error(unit.error());
  if (auto r = attach(*unit); !r) return error(r.error());
  announce(probe_count(*unit));
  if (opts_.child && !opts_.child->released())
    if (auto r = opts_.child->release(); !r) return error(r.error());
  if (auto r = run_begin(*unit); !r) return error(r.error());
  while (!should_stop()) {
    if (auto r = poll(100); !r) return error(r.error());
  }
  auto r = finish();
  signals_ = nullptr;
  if (!r) {
    std::fprintf(stderr, "ERROR: %s\n", r.error().c_str());
    return 1;
  }
  return 0;
}

}  // namespace bpfsh::runtime
