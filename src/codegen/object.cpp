#include "codegen/object.h"

#include <algorithm>

#include <unistd.h>

#include <cstdio>
#include <string>

#include <llvm/IR/DiagnosticInfo.h>
#include <llvm/IR/DiagnosticPrinter.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Transforms/Scalar/AlignmentFromAssumptions.h>
#include <llvm/Transforms/InstCombine/InstCombine.h>
#include <llvm/Transforms/Scalar/DeadStoreElimination.h>
#include <llvm/Transforms/Scalar/EarlyCSE.h>
#include <llvm/Transforms/Scalar/MemCpyOptimizer.h>
#include <llvm/Transforms/Scalar/SROA.h>
#include <llvm/Transforms/Scalar/SimplifyCFG.h>
#include <llvm/Support/ErrorHandling.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Target/TargetOptions.h>

#include "codegen/isolated_backend.h"

extern "C" {
void LLVMInitializeBPFTargetInfo();
void LLVMInitializeBPFTarget();
void LLVMInitializeBPFTargetMC();
void LLVMInitializeBPFAsmPrinter();
}

namespace bpfsh::codegen {

using namespace llvm;

namespace {

// Above this many IR instructions in one function its BPF code may exceed
// what a jump reaches (32767 instructions): the backend then runs in a
// child (isolated_backend.h). Below it, a fork would only cost time.
constexpr size_t kIsolateAbove = 4000;

size_t largest_function(const Module &m) {
  size_t n = 0;
  for (const Function &f : m) n = std::max<size_t>(n, f.getInstructionCount());
  return n;
}

}  // namespace

static TargetMachine *target_machine() {
  static TargetMachine *tm = [] {
    LLVMInitializeBPFTargetInfo();
    LLVMInitializeBPFTarget();
    LLVMInitializeBPFTargetMC();
    LLVMInitializeBPFAsmPrinter();
    std::string err;
    const Target *t = TargetRegistry::lookupTarget("bpfel", err);
    // cpu v3: 32-bit jumps and ALU32; v4's signed division would shut out the
    // 6.1 stock kernels our kernel-function tests run on.
    return t ? t->createTargetMachine("bpfel", "v3", "", TargetOptions(), Reloc::PIC_, std::nullopt,
                                      CodeGenOptLevel::Aggressive)
             : nullptr;
  }();
  return tm;
}

// A short function pipeline, not -O2's: the IR bpfsh emits is straight-line
// code around helper calls, with every value in a stack slot. It needs the
// slots promoted (SROA), redundancy removed (EarlyCSE, InstCombine), dead
// stores dropped and the CFG cleaned. -O2's inliner, loop, IPO and
// vectorizer passes found nothing to do in these programs and were 40% of
// the compile time of a 1000-probe script. The BPF target's own IR passes
// (registered as extension-point callbacks) still run where -O2 runs them.
static void optimise(Module &m, TargetMachine *tm) {
  LoopAnalysisManager lam;
  FunctionAnalysisManager fam;
  CGSCCAnalysisManager cgam;
  ModuleAnalysisManager mam;
  PassBuilder pb(tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  const OptimizationLevel level = OptimizationLevel::O2;
  ModulePassManager mpm;
  pb.invokePipelineStartEPCallbacks(mpm, level);
  pb.invokePipelineEarlySimplificationEPCallbacks(mpm, level);
  FunctionPassManager fpm;
  fpm.addPass(SROAPass(SROAOptions::ModifyCFG));
  fpm.addPass(EarlyCSEPass(/*UseMemorySSA=*/true));
  // Loop callbacks reach the probe's variables through pointers whose
  // alignment is only assumed; without this their accesses go byte by byte.
  fpm.addPass(AlignmentFromAssumptionsPass());
  fpm.addPass(InstCombinePass());
  pb.invokePeepholeEPCallbacks(fpm, level);
  fpm.addPass(SimplifyCFGPass());
  // Copies of tuples and strings into temporaries: forwarded, then the
  // temporaries split or dropped, or they overflow the 512-byte stack.
  fpm.addPass(MemCpyOptPass());
  fpm.addPass(SROAPass(SROAOptions::ModifyCFG));
  fpm.addPass(DSEPass());
  fpm.addPass(InstCombinePass());
  fpm.addPass(SimplifyCFGPass());
  mpm.addPass(createModuleToFunctionPassAdaptor(std::move(fpm)));
  mpm.run(m, mam);
}

// The BPF backend reports problems such as stack overflow as diagnostics;
// they are collected in `out` instead of letting LLVM exit the process.
static void collect_diagnostics(Module &m, std::string &out) {
  m.getContext().setDiagnosticHandlerCallBack(
      [](const DiagnosticInfo *di, void *p) {
        if (di->getSeverity() != DS_Error) return;
        auto *text = static_cast<std::string *>(p);
        std::string one;
        raw_string_ostream os(one);
        DiagnosticPrinterRawOStream dp(os);
        di->print(dp);
        os << "\n";
        os.flush();
        // The backend repeats a diagnostic for every instruction it concerns.
        if (text->find(one) == std::string::npos) *text += one;
      },
      &out);
}

bool emit_object(Module &m, std::vector<uint8_t> &elf, std::string &error) {
  TargetMachine *tm = target_machine();
  if (!tm) {
    error = "LLVM has no BPF target";
    return false;
  }
  m.setTargetTriple("bpfel");
  m.setDataLayout(tm->createDataLayout());
  std::string verify;
  raw_string_ostream vs(verify);
  if (verifyModule(m, &vs)) {
    error = "internal error: invalid IR: " + verify;
    return false;
  }
  std::string diag_text;
  collect_diagnostics(m, diag_text);
  optimise(m, tm);
  auto emit = [&](std::vector<char> &out, std::string &err) {
    SmallVector<char, 0> buf;
    raw_svector_ostream os(buf);
    legacy::PassManager pm;
    if (tm->addPassesToEmitFile(pm, os, nullptr, CodeGenFileType::ObjectFile)) {
      err = "LLVM can not emit BPF objects";
      return false;
    }
    pm.run(m);
    if (!diag_text.empty()) {
      err = diag_text;
      return false;
    }
    out.assign(buf.begin(), buf.end());
    return true;
  };
  std::vector<char> out;
  if (largest_function(m) > kIsolateAbove) {
    BackendRun r = run_backend_isolated(emit);
    if (!r.ok) {
      error = r.error;
      return false;
    }
    out = std::move(r.object);
  } else {
    ScopedFatalErrorHandler on_fatal(exit_on_backend_fatal);
    if (!emit(out, error)) return false;
  }
  elf.assign(out.begin(), out.end());
  return true;
}

}  // namespace bpfsh::codegen
