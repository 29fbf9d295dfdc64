#pragma once
// Loads an Artifact's ELF into the kernel. BpfObject owns the bpf_object (and
// so every program and map in it): destroying it frees them all.
#include <optional>
#include <string_view>
#include <vector>

#include "artifact/artifact.h"
#include "runtime/map_registry.h"
#include "runtime/result.h"

struct bpf_object;
struct bpf_program;

namespace bpfsh::runtime {

class BpfObject {
 public:
  BpfObject() = default;
  ~BpfObject();
  BpfObject(BpfObject &&o) noexcept : obj_(o.obj_), picked_perf_(o.picked_perf_) { o.obj_ = nullptr; }
  BpfObject &operator=(BpfObject &&o) noexcept;
  BpfObject(const BpfObject &) = delete;
  BpfObject &operator=(const BpfObject &) = delete;

  // bpf_object__open_mem + bpf_object__load. A verifier rejection reads
  // "probe 'X': the kernel's verifier rejected the program: <the log's
  // error line>", followed by the whole log when `verbose`.
  //
  // Each `reuse` entry makes the ELF's map of that name use an existing
  // kernel map (bpf_map__reuse_fd) instead of creating one.
  //
  // An object with both event channels (a compiled one) gets one picked
  // (event_channel.h): the perf buffer if the kernel has no ring buffer or
  // `prefer_perf`; picked_perf() says which, nullopt for other objects.
  static Result<BpfObject> load(const artifact::Artifact &artifact, bool verbose,
                                const std::vector<MapReuse> &reuse = {}, bool prefer_perf = false);
  std::optional<bool> picked_perf() const { return picked_perf_; }

  bpf_program *program(std::string_view name) const;  // nullptr if absent
  int map_fd(std::string_view elf_name) const;        // -1 if absent
  bpf_object *get() const { return obj_; }

 private:
  explicit BpfObject(bpf_object *o) : obj_(o) {}
  bpf_object *obj_ = nullptr;
  std::optional<bool> picked_perf_;
};

}  // namespace bpfsh::runtime
