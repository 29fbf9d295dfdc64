#pragma once
// The checking passes between parsing and codegen, as one ordered list.
#include <string>
#include <vector>

#include "ast/ast.h"
#include "common/diag.h"
#include "sema/options.h"
#include "sema/program_info.h"

namespace bpfsh::driver {

struct PassContext {
  ast::Context &ctx;
  const sema::SemaOptions &opts;
  sema::ProgramInfo &info;
  Diagnostics &diags;
};

struct Pass {
  const char *name;  // as -d passes prints it
  void (*run)(PassContext &pc);
  // Runs only when no pass before it failed: it relies on their results.
  bool needs_clean_input;
};

// In the order they run; passes.cpp says why each is where it is.
const std::vector<Pass> &checking_passes();

}  // namespace bpfsh::driver
