#include "runtime/map_registry.h"

#include <fcntl.h>
#include <unistd.h>

namespace bpfsh::runtime {

namespace {

// What the kernel map's creation fixed: a program built for another layout
// would read past or short of its values.
bool same_layout(const artifact::MapSpec &a, const artifact::MapSpec &b) {
  return a.key_size == b.key_size && a.value_size == b.value_size && a.percpu == b.percpu &&
         a.agg == b.agg && a.max_entries == b.max_entries;
}

}  // namespace

MapRegistry::~MapRegistry() {
  for (auto &[name, e] : maps_)
    if (e.fd >= 0) close(e.fd);
}

Result<std::vector<MapReuse>> MapRegistry::reuse_for(const artifact::Artifact &a) const {
  std::vector<MapReuse> out;
  for (const auto &m : a.maps) {
    auto it = maps_.find(m.name);
    if (it == maps_.end()) continue;
    if (!same_layout(it->second.spec, m))
      return fail("map '" + m.name + "': already exists with another key or value type");
    out.push_back({m.elf_name, m.name, it->second.fd});
  }
  return out;
}

void MapRegistry::keep(const artifact::Artifact &a, const std::vector<int> &fds, SymbolResolver *symbols) {
  for (size_t i = 0; i < a.maps.size() && i < fds.size(); i++) {
    if (fds[i] < 0 || maps_.count(a.maps[i].name)) continue;
    int fd = fcntl(fds[i], F_DUPFD_CLOEXEC, 0);
    if (fd < 0) continue;
    maps_.emplace(a.maps[i].name, Entry{a.maps[i], fd, symbols});
  }
}

MapRef MapRegistry::find(const std::string &name) const {
  auto it = maps_.find(name);
  return it == maps_.end() ? MapRef{} : MapRef{&it->second.spec, it->second.fd, it->second.symbols};
}

std::vector<MapRef> MapRegistry::all() const {
  std::vector<MapRef> out;
  for (const auto &[name, e] : maps_) out.push_back({&e.spec, e.fd, e.symbols});
  return out;
}

}  // namespace bpfsh::runtime
