#include "codegen/object.h"

#include <llvm/IR/DiagnosticInfo.h>
#include <llvm/IR/DiagnosticPrinter.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Target/TargetOptions.h>

extern "C" {
void LLVMInitializeBPFTargetInfo();
void LLVMInitializeBPFTarget();
void LLVMInitializeBPFTargetMC();
void LLVMInitializeBPFAsmPrinter();
}

namespace bpfsh::codegen {

using namespace llvm;

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
  pb.buildPerModuleDefaultPipeline(OptimizationLevel::O2).run(m, mam);
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
  // The BPF backend reports problems such as stack overflow as diagnostics;
  // collect them instead of letting LLVM exit the process.
  std::string diag_text;
  m.getContext().setDiagnosticHandlerCallBack(
      [](const DiagnosticInfo *di, void *p) {
        if (di->getSeverity() != DS_Error) return;
        auto *out = static_cast<std::string *>(p);
        raw_string_ostream os(*out);
        DiagnosticPrinterRawOStream dp(os);
        di->print(dp);
        os << "\n";
      },
      &diag_text);
  optimise(m, tm);
  SmallVector<char, 0> buf;
  raw_svector_ostream os(buf);
  legacy::PassManager pm;
  if (tm->addPassesToEmitFile(pm, os, nullptr, CodeGenFileType::ObjectFile)) {
    error = "LLVM can not emit BPF objects";
    return false;
  }
  pm.run(m);
  if (!diag_text.empty()) {
    error = diag_text;
    return false;
  }
  elf.assign(buf.begin(), buf.end());
  return true;
}

}  // namespace bpfsh::codegen
