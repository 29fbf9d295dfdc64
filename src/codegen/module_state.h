#pragma once
// Internal to codegen: what every probe's emitter shares while one module is built.
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <memory>

#include "codegen/artifact.h"
#include "codegen/map_defs.h"
#include "common/diag.h"
#include "sema/program_info.h"

namespace bpfsh::codegen {

struct ModuleState {
  llvm::LLVMContext ctx;
  std::unique_ptr<llvm::Module> module;
  std::unique_ptr<MapDefs> defs;
  std::vector<llvm::GlobalVariable *> maps;  // by index in ProgramInfo::maps
  llvm::GlobalVariable *ringbuf = nullptr;
  Artifact artifact;
  Diagnostics *diags = nullptr;
};

// The wire layout of a value of type t (see artifact.h).
Layout to_layout(const ast::Type &t);

}  // namespace bpfsh::codegen
