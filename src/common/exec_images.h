#pragma once
// The executable mappings kept for each process, image by image: a pid
// that exec'd runs another program at other addresses, and the values it
// sent before still name the first one's frames. Both symbolizers (bpfsh's
// and bpfsh-run's) keep them here.
#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "common/proc_maps.h"

namespace bpfsh {

class ExecImages {
 public:
  // Adds `maps` as pid's newest image or, when they still hold the newest
  // image's first mapping (a dlopen since), puts them in its place.
  void keep(int pid, std::vector<Mapping> maps);
  // For a pid already gone: the probed binary's executable segments, where
  // it was loaded, stand in for its mappings, unless an image kept has
  // them there.
  void keep_stand_in(int pid, std::vector<Mapping> maps);
  // The mapping holding `addr` in the newest of pid's images that has one.
  const Mapping *find(int pid, uint64_t addr) const;
  bool knows(int pid) const { return images_.count(pid) != 0; }

  static constexpr size_t kMaxImages = 16;  // per pid: a shell's exec chain, not a fork bomb's

 private:
  std::map<int, std::vector<std::vector<Mapping>>> images_;  // oldest first
};

}  // namespace bpfsh
