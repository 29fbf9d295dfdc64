#pragma once
// -d lifecycle (or --timings): what user space did and what the kernel did,
// stage by stage, with times, for anyone learning how a BPF tool works:
//
//   parse, checks, codegen (IR instructions)          user space, the compiler
//   object (ELF and BTF sizes; libbpf opens the ELF)  user space, libbpf
//   load (per program: instructions the verifier processed, the translated
//     and JIT-compiled sizes, from bpf_prog_info)     the kernel
//   attach (per probe: how, from bpf_link_info)       the kernel
//   event channel (ring buffer or perf buffer size)   shared memory
//   run, detach, map reads at exit
//
// Text goes to stderr as each stage ends; json (-f json) is one record,
// {"type": "lifecycle", "data": {"stages": [...]}}, written at the end.
#include <bpf/libbpf.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "artifact/artifact.h"

namespace bpfsh::runtime {

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double ms() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

class Lifecycle {
 public:
  // One "key": value; `text` false: a number, written bare in json.
  struct Fact {
    std::string key, value;
    bool text = false;
  };
  // A program or probe of a stage: its own facts (and time, when it has one).
  struct Item {
    std::vector<Fact> facts;
  };
  struct Stage {
    std::string name;
    double ms = 0;
    std::vector<Fact> facts;
    std::string items_key;  // "programs", "probes"
    std::vector<Item> items;
  };

  explicit Lifecycle(bool json) : json_(json) {}

  void add(Stage s);
  // The compiler's stages, timed by the driver.
  void compiled(double parse_ms, double check_ms, double codegen_ms, const artifact::Artifact &a);
  // The object: libbpf opens the ELF (again: the loader's open is not
  // timed apart from its load) to measure it.
  void object(const artifact::Artifact &a, bool verbose);
  // bpf_object__load took `ms`; each program's numbers from the kernel.
  void loaded(double ms, const artifact::Artifact &a, bpf_object *obj);
  // One probe attached in `ms`, through `links`.
  void attached(const artifact::ProbeSpec &p, double ms, const std::vector<bpf_link *> &links);
  void attach_done(double ms);
  // The channel events come through, set up in `ms`: its map's size.
  // perf_pages: 0 for a ring buffer, else the pages of each CPU's ring.
  void event_channel(double ms, int map_fd, uint32_t perf_pages);

  // The json record, "" in text mode.
  std::string json() const;

 private:
  void print(const Stage &s) const;
  bool json_;
  std::vector<Stage> stages_;
  std::vector<Item> attached_;  // the attach stage's probes, until attach_done
};

}  // namespace bpfsh::runtime
