#pragma once
// --metrics ADDR:PORT: the live maps, served to Prometheus while the program
// runs. The HTTP server is a process of its own, bpfsh-metrics
// (src/metrics_server/main.cpp says why); it asks for each scrape's text
// over a socket, and a thread of bpfsh's answers it: reading maps for a
// scrape never waits for, nor holds up, event handling on the main thread.
//
// What the thread reads is a snapshot the session publishes once its maps
// are known (after attach): copies of the map specs and duplicated fds, so
// nothing the main thread changes is shared but the kernel maps themselves
// and the locked symbol cache (symbol_resolver.h).
#include <sys/types.h>

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "artifact/artifact.h"
#include "runtime/result.h"

namespace bpfsh::runtime {

class SymbolResolver;

namespace metrics {

// Everything one scrape reads. Owns its fds.
struct Snapshot {
  struct Map {
    artifact::MapSpec spec;
    int fd = -1;
    SymbolResolver *symbols = nullptr;  // outlives the exporter
  };
  struct Probe {
    std::string name;
    int prog_fd = -1;
  };
  std::vector<Map> maps;
  std::vector<int> lost_fds;  // each unit's one-slot per-CPU lost-events array
  std::vector<Probe> probes;  // empty: run counts are not kept (no BPF stats)
  Snapshot() = default;
  Snapshot(const Snapshot &) = delete;
  ~Snapshot();
};

// The exposition text of the snapshot's maps as they are now.
std::string scrape(const Snapshot &s);

struct Endpoint {
  std::string addr;  // "127.0.0.1", "::1"
  int port = 0;      // 0: any free port (the bound one is port())
};

class Exporter {
 public:
  // Starts `server` (the bpfsh-metrics executable) listening on `at`, and
  // the thread that answers it. The error names the address on failure.
  static Result<std::unique_ptr<Exporter>> start(const std::string &server, const Endpoint &at);
  ~Exporter();  // stops the thread and the server
  Exporter(const Exporter &) = delete;

  int port() const { return port_; }
  // From now on scrapes read `s` (before the first one: no maps).
  void publish(std::unique_ptr<Snapshot> s);

 private:
  Exporter() = default;
  void serve();

  pid_t pid_ = -1;
  int sock_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::shared_ptr<const Snapshot> snapshot_;
};

}  // namespace metrics
}  // namespace bpfsh::runtime
