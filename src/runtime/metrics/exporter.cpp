#include "runtime/metrics/exporter.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/map_reader.h"
#include "runtime/metrics/exposition.h"
#include "runtime/run_stats.h"

extern char **environ;

namespace bpfsh::runtime::metrics {

namespace {

bool write_all(int fd, const void *p, size_t n) {
  auto *b = static_cast<const char *>(p);
  while (n) {
    ssize_t w = send(fd, b, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    b += w;
    n -= size_t(w);
  }
  return true;
}

// The server's first line ("ok PORT" or "error TEXT"), waiting at most 5 s.
std::string first_line(int fd) {
  std::string line;
  char c;
  while (line.size() < 512) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return line.empty() ? "error the server did not answer" : line;
    ssize_t r = read(fd, &c, 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0 || c == '\n') break;
    line += c;
  }
  return line.empty() ? "error the server ended before it listened" : line;
}

uint64_t lost_events(int fd) {
  static const int ncpus = libbpf_num_possible_cpus();
  if (ncpus <= 0) return 0;
  std::vector<uint64_t> per_cpu(size_t(ncpus), 0);
  uint32_t key = 0;
  if (bpf_map_lookup_elem(fd, &key, per_cpu.data()) != 0) return 0;
  uint64_t total = 0;
  for (uint64_t n : per_cpu) total += n;
  return total;
}

}  // namespace

Snapshot::~Snapshot() {
  for (auto &m : maps) close(m.fd);
  for (int fd : lost_fds) close(fd);
  for (auto &p : probes) close(p.prog_fd);
}

std::string scrape(const Snapshot &s) {
  Scrape out;
  for (const auto &m : s.maps) {
    auto view = read_map(m.spec, m.fd, m.symbols);
    if (view) out.maps.push_back(std::move(*view));
  }
  for (int fd : s.lost_fds) out.lost_events += lost_events(fd);
  for (const auto &p : s.probes) {
    uint64_t n = run_count(p.prog_fd);
    // Blocks on one place share a name: one series, their runs added up.
    bool merged = false;
    for (auto &q : out.probes)
      if (q.probe == p.name) q.hits += n, merged = true;
    if (!merged) out.probes.push_back({p.name, n});
  }
  return render_exposition(out);
}

Result<std::unique_ptr<Exporter>> Exporter::start(const std::string &server, const Endpoint &at) {
  std::string subject = "--metrics " + (at.addr.find(':') != std::string::npos ? "[" + at.addr + "]" : at.addr) +
                        ":" + std::to_string(at.port);
  if (access(server.c_str(), X_OK) != 0)
    return fail(subject + ": can not run the metrics server '" + server + "': " + std::strerror(errno));
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    return fail(errno_message(subject, "failed to make a socket", errno));
  // Above 3: dup2 onto fd 3 must clear close-on-exec, which it does only
  // when the two differ.
  int child = fcntl(sv[1], F_DUPFD_CLOEXEC, 10);
  close(sv[1]);
  std::unique_ptr<Exporter> e(new Exporter);
  e->sock_ = sv[0];
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, child, 3);
  // Its own process group, so a Ctrl-C meant for bpfsh leaves it serving
  // until bpfsh's run is over; no signal blocked (bpfsh blocks the stop
  // signals to read them from a signalfd).
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);
  std::string port = std::to_string(at.port);
  const char *argv[] = {"bpfsh-metrics", at.addr.c_str(), port.c_str(), nullptr};
  int rc = posix_spawn(&e->pid_, server.c_str(), &fa, &attr, const_cast<char **>(argv), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  close(child);
  if (rc != 0) {
    e->pid_ = -1;
    return fail(errno_message(subject, "failed to start the metrics server", rc));
  }
  std::string line = first_line(e->sock_);
  if (line.rfind("ok ", 0) != 0) return fail(subject + ": " + line.substr(line.find(' ') + 1));
  e->port_ = std::atoi(line.c_str() + 3);
  e->thread_ = std::thread([p = e.get()] { p->serve(); });
  return e;
}

void Exporter::publish(std::unique_ptr<Snapshot> s) {
  std::lock_guard lock(mutex_);
  snapshot_ = std::move(s);
}

// One byte per scrape; the server closing the socket (or stop()) ends it.
void Exporter::serve() {
  char c;
  for (;;) {
    ssize_t r = read(sock_, &c, 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return;
    std::shared_ptr<const Snapshot> s;
    {
      std::lock_guard lock(mutex_);
      s = snapshot_;
    }
    std::string body = s ? scrape(*s) : render_exposition(Scrape{});
    uint64_t len = body.size();
    if (!write_all(sock_, &len, sizeof len) || !write_all(sock_, body.data(), body.size())) return;
  }
}

Exporter::~Exporter() {
  if (sock_ >= 0) shutdown(sock_, SHUT_RDWR);  // wakes serve()'s read
  if (thread_.joinable()) thread_.join();
  if (pid_ > 0) {
    kill(pid_, SIGKILL);  // it holds nothing that needs a clean end
    while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  if (sock_ >= 0) close(sock_);
}

}  // namespace bpfsh::runtime::metrics
