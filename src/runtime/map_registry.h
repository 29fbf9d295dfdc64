#pragma once
// The user maps of a session, by name. A map joins when the first unit that
// declares it has loaded and attached; from then on it outlives that unit
// (the registry holds its own fd), and every later unit that declares a map
// of the same name uses this one (bpf_map__reuse_fd before load), so maps
// keep their contents across the REPL's blocks.
#include <map>
#include <string>
#include <vector>

#include "artifact/artifact.h"
#include "runtime/events.h"
#include "runtime/result.h"

namespace bpfsh::runtime {

// A map of a not yet loaded object that must become an existing one.
struct MapReuse {
  std::string elf_name;  // in the ELF: "m0"
  std::string name;      // as the user wrote it: "@x"
  int fd = -1;
};

class MapRegistry {
 public:
  MapRegistry() = default;
  ~MapRegistry();
  MapRegistry(const MapRegistry &) = delete;
  MapRegistry &operator=(const MapRegistry &) = delete;

  // The known maps among `a`'s, or an error naming the first one whose
  // layout differs from the map already in the kernel.
  Result<std::vector<MapReuse>> reuse_for(const artifact::Artifact &a) const;

  // Adds the maps not yet known; fds[i] is the fd of a.maps[i] (-1: skip).
  // `symbols` names the stacks in their keys and values.
  void keep(const artifact::Artifact &a, const std::vector<int> &fds, SymbolResolver *symbols = nullptr);

  // nullopt-like: fd -1 when the name is unknown.
  MapRef find(const std::string &name) const;
  std::vector<MapRef> all() const;  // sorted by name

 private:
  struct Entry {
    artifact::MapSpec spec;
    int fd = -1;  // owned
    SymbolResolver *symbols = nullptr;
  };
  std::map<std::string, Entry> maps_;
};

}  // namespace bpfsh::runtime
