#pragma once
// The session's unit (session.h), shared by the files that implement
// Session: session.cpp and session_metrics.cpp. Not for other users.
#include <memory>
#include <vector>

#include "runtime/events.h"
#include "runtime/attach/attach.h"
#include "runtime/link.h"
#include "runtime/loader.h"
#include "runtime/ring_buffer.h"
#include "runtime/session.h"
#include "runtime/symbol_resolver.h"

namespace bpfsh::runtime {

// One loaded Artifact. Members are destroyed bottom-up: links before the ring
// buffer that reads the object's ringbuf map, and both before the object
// that owns the programs and maps.
struct Session::Unit {
  artifact::Artifact artifact;
  BpfObject object;
  std::unique_ptr<SymbolResolver> symbols;  // reads this unit's stack maps
  std::unique_ptr<EventHandler> events;
  std::unique_ptr<RingBuffer> ring;  // null when the object has no ringbuf
  std::vector<Links> links;          // by probe index; empty for BEGIN/END
  bool attached = false;
  uint64_t lost_reported = 0;        // lost ring-buffer records already reported

  std::vector<int> map_fds() const {
    std::vector<int> fds;
    for (const auto &m : artifact.maps) fds.push_back(object.map_fd(m.elf_name));
    return fds;
  }
};

}  // namespace bpfsh::runtime
