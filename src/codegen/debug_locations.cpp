#include "codegen/debug_locations.h"

#include <llvm/IR/DebugInfoMetadata.h>

#include <algorithm>

namespace bpfsh::codegen {

using namespace llvm;

artifact::SourceSpan span_of(const SourceRange &r) {
  return {r.begin.line, r.begin.col, r.end.line, r.end.col};
}

int btf_column(int col) { return std::min(col, 1023); }

LocationScope::LocationScope(IRBuilderBase &b, Function *fn, const SourceRange &r)
    : b_(b), saved_(b.getCurrentDebugLocation()) {
  DISubprogram *sp = fn ? fn->getSubprogram() : nullptr;
  if (sp && r.begin.line > 0)
    b.SetCurrentDebugLocation(DILocation::get(b.getContext(), unsigned(r.begin.line),
                                              unsigned(btf_column(r.begin.col)), sp));
}

LocationScope::~LocationScope() { b_.SetCurrentDebugLocation(saved_); }

void scope_locations(Module &m) {
  for (Function &fn : m) {
    DISubprogram *sp = fn.getSubprogram();
    for (BasicBlock &bb : fn)
      for (Instruction &inst : bb) {
        const DebugLoc &dl = inst.getDebugLoc();
        if (!dl) continue;
        if (!sp) {
          inst.setDebugLoc(DebugLoc());
        } else if (dl->getScope()->getSubprogram() != sp || dl->getInlinedAt()) {
          inst.setDebugLoc(DILocation::get(m.getContext(), dl.getLine(), dl.getCol(), sp));
        }
      }
  }
}

}  // namespace bpfsh::codegen
