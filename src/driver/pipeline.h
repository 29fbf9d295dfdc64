#pragma once
// The one pipeline from source text to an Artifact: parse (with the
// preprocessor), the checking passes (passes.h, the stdlib's macros first),
// codegen. The command line, the REPL and the tests call it; nothing else
// chains stages.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "artifact/artifact.h"
#include "codegen/codegen.h"
#include "common/diag.h"
#include "parser/driver.h"
#include "sema/options.h"
#include "sema/program_info.h"

namespace bpfsh::driver {

// -d STAGE: what to print on the way.
struct Dumps {
  std::ostream *out = nullptr;
  bool ast = false;     // ast: the tree as parsed
  bool passes = false;  // passes: each checking pass's name, then the tree after it
  bool ir = false;      // ir: the optimised LLVM IR
};

// Each stage's wall time in ms, for -d lifecycle.
struct StageTimes {
  double parse = 0, check = 0, codegen = 0;
};

struct Options {
  // -I: where `import` and #include look after the script's own directory.
  std::vector<std::string> import_dirs;
  // --include FILE: headers read before the script (driver/headers.h).
  std::vector<std::string> include_files;
  sema::SemaOptions sema;
  codegen::CodegenOptions codegen;
  Dumps dumps;
  StageTimes *times = nullptr;  // filled by compile() and generate() when set
};

// Names -d accepts: ast, passes (or types), ir (or codegen, codegen-opt),
// all. False for another name.
bool enable_dump(Dumps &d, const std::string &stage);

// ctx.source.text as a whole script -> ctx.program, with the files it
// imports (driver/imports.h) joined to it and the headers it includes read
// (driver/headers.h).
parser::ParseResult parse(ast::Context &ctx, Diagnostics &diags, const std::vector<std::string> &import_dirs = {},
                          const std::vector<std::string> &include_files = {});

// The checking passes over ctx.program; false when diags holds an error.
bool check(ast::Context &ctx, const Options &opts, sema::ProgramInfo &info, Diagnostics &diags);

// Codegen of a program check() accepted.
std::optional<artifact::Artifact> emit(ast::Context &ctx, const Options &opts, const sema::ProgramInfo &info,
                                      Diagnostics &diags);

// check(), then emit(); `info` is left as the checks filled it.
std::optional<artifact::Artifact> generate(ast::Context &ctx, const Options &opts, sema::ProgramInfo &info,
                                          Diagnostics &diags);

// parse(), then generate().
std::optional<artifact::Artifact> compile(ast::Context &ctx, const Options &opts, Diagnostics &diags);

}  // namespace bpfsh::driver
