// Session's part of --metrics (metrics/exporter.h): starting the server and
// handing it what scrapes read.
#include <bpf/libbpf.h>
#include <fcntl.h>

#include <cstdio>

#include "runtime/session.h"
#include "runtime/session_unit.h"

namespace bpfsh::runtime {

// Before anything loads, so a port in use costs nothing; the run counts of
// bpfsh_probe_hits_total need BPF stats on (run_stats.h says what they cost).
Result<void> Session::start_metrics() {
  if (!opts_.metrics) return {};
  auto e = metrics::Exporter::start(opts_.metrics_server, opts_.metrics_at);
  if (!e) return fail(e.error());
  metrics_ = std::move(*e);
  (void)enable_run_stats();  // without it the probe counters are left out
  if (!opts_.quiet) {
    const std::string &a = opts_.metrics_at.addr;
    std::string host = a.find(':') != std::string::npos ? "[" + a + "]" : a;
    std::fprintf(stderr, "Serving metrics on http://%s:%d/metrics\n", host.c_str(), metrics_->port());
  }
  return {};
}

// The maps are all known once the probes are attached: the scrapes read
// these from now on, through descriptors of their own.
void Session::publish_metrics() {
  if (!metrics_) return;
  auto s = std::make_unique<metrics::Snapshot>();
  for (const auto &m : maps_.all()) s->maps.push_back({*m.spec, fcntl(m.fd, F_DUPFD_CLOEXEC, 0), m.symbols});
  for (const auto &u : units_) {
    if (!u) continue;
    if (int fd = u->object.map_fd(u->artifact.lost_name); fd >= 0) s->lost_fds.push_back(fcntl(fd, F_DUPFD_CLOEXEC, 0));
    for (const auto &p : u->artifact.probes)
      if (bpf_program *prog = u->object.program(p.prog_name); prog && stats_.enabled())
        s->probes.push_back({p.display, fcntl(bpf_program__fd(prog), F_DUPFD_CLOEXEC, 0)});
  }
  metrics_->publish(std::move(s));
}

}  // namespace bpfsh::runtime
