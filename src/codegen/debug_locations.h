#pragma once
// Internal to codegen: every instruction carries the place in the script of
// the statement it was emitted for (a DILocation). The BPF backend turns the
// locations into BTF line info, so the kernel's verifier log quotes the
// script's lines, and insn_sources.h ties a rejected instruction back to its
// statement for the loader's messages.
//
// A location is keyed by where its statement begins; BTF keeps a column in
// 10 bits, so columns past 1023 are cut to it, here and there alike.
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>

#include <map>
#include <string>
#include <utility>

#include "artifact/probes.h"
#include "common/source.h"

namespace bpfsh::codegen {

// What a location stands for: its statement and the innermost loop around
// it (the statement itself when it is a loop; line 0: none).
struct StmtSite {
  artifact::SourceSpan stmt;
  artifact::SourceSpan loop;
  std::string loop_kind;  // "while", "for", "unroll"
};

// (line, column as BTF keeps it) -> the statement that begins there.
using StmtSites = std::map<std::pair<int, int>, StmtSite>;

artifact::SourceSpan span_of(const SourceRange &r);
int btf_column(int col);

// While it lives, what `b` emits carries the location of `r`, in the scope
// of `fn`; the location before it comes back after.
class LocationScope {
 public:
  LocationScope(llvm::IRBuilderBase &b, llvm::Function *fn, const SourceRange &r);
  ~LocationScope();
  LocationScope(const LocationScope &) = delete;
  LocationScope &operator=(const LocationScope &) = delete;

 private:
  llvm::IRBuilderBase &b_;
  llvm::DebugLoc saved_;
};

// Puts every location in the subprogram of the function that holds it: a
// callback built while a statement of the probe was emitted carries that
// statement's place, but must be in the callback's own scope.
void scope_locations(llvm::Module &m);

}  // namespace bpfsh::codegen
