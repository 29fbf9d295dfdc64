#pragma once
// Internal to codegen: what every probe's emitter shares while one module is built.
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <map>
#include <memory>

#include "artifact/artifact.h"
#include "codegen/core_relocs.h"
#include "codegen/debug_locations.h"
#include "codegen/map_defs.h"
#include "common/diag.h"
#include "sema/program_info.h"

namespace bpfsh::codegen {

// Codegen speaks the artifact's vocabulary: what it builds is an Artifact.
using namespace bpfsh::artifact;

struct ModuleState {
  llvm::LLVMContext ctx;
  std::unique_ptr<llvm::Module> module;
  std::unique_ptr<MapDefs> defs;
  std::unique_ptr<CoreRelocs> core;  // CO-RE relocations of kernel member accesses
  std::vector<llvm::GlobalVariable *> maps;  // by index in ProgramInfo::maps
  llvm::GlobalVariable *ringbuf = nullptr;  // or the perf event array
  bool perf_buffer = false;
  // Both channels (CodegenOptions::both_channels): the perf event array
  // beside `ringbuf`, and the read-only flag that picks one.
  llvm::GlobalVariable *perfbuf = nullptr;
  llvm::GlobalVariable *channel_flag = nullptr;
  llvm::GlobalVariable *lost = nullptr;
  // Refused updates, per map update site; a stand-in while probes are
  // emitted, replaced once the number of sites is known (codegen.cpp).
  llvm::GlobalVariable *map_full = nullptr;
  llvm::GlobalVariable *join_buf = nullptr;  // join()'s per-CPU event scratch
  // Scratch space for large temporaries (emit_scratch.cpp): a slot per CPU
  // for each program that needs one, each scratch_bytes long.
  llvm::GlobalVariable *scratch = nullptr;
  uint32_t scratch_slots = 0, scratch_bytes = 0;
  bool helper_checks = false;            // -k: report failing helpers
  int64_t filter_pid = 0;                // -p: probes run only for this process
  // bpfsh's pid namespace, set at load (artifact/pid_namespace.h); made on
  // first use.
  llvm::GlobalVariable *pidns_dev = nullptr, *pidns_ino = nullptr;
  // Created on first use (calls_symbols.cpp): stack maps by frame limit, and
  // the pids already announced with ProcessSeen.
  std::map<std::pair<uint32_t, bool>, llvm::GlobalVariable *> stack_maps;  // by frames, build_id
  llvm::GlobalVariable *seen_pids = nullptr;
  uint32_t stack_map_entries = 4096;
  uint32_t callbacks = 0;  // loop callbacks made so far, for unique names
  // Every program gets a subprogram, so BTF line info ties the verifier's
  // instructions to statements; false for very large programs (see
  // kLineInfoPairs in codegen.cpp).
  bool line_info = true;
  StmtSites stmt_sites;    // every statement emitted, by where it begins
  Artifact artifact;
  Diagnostics *diags = nullptr;
};

// The wire layout of a value of type t (see artifact.h).
Layout to_layout(const ast::Type &t);

// Defines the scratch map once every program is emitted (emit_scratch.cpp).
void finish_scratch(ModuleState &ms);
// The CPUs the scratch map holds a slot for, per program.
uint32_t scratch_cpus();

// Frames a stack of `limit` keeps: the kernel walks at most
// kernel.perf_event_max_stack of them and refuses larger stack maps.
uint32_t stack_frames(uint32_t limit);

}  // namespace bpfsh::codegen
