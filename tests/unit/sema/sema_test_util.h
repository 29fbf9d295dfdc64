#pragma once
// Parses and analyses a program for sema and codegen tests.
#include <memory>
#include <string>

#include "common/diag.h"
#include "parser/driver.h"
#include "sema/pipeline.h"

namespace bpfsh::test {

struct Analysed {
  std::unique_ptr<ast::Context> ctx = std::make_unique<ast::Context>();
  sema::ProgramInfo info;
  Diagnostics diags;
  bool ok = false;

  std::string first_error() const {
    for (auto &d : diags.all())
      if (d.severity == Severity::Error) return d.message;
    return "";
  }
};

inline Analysed analyse(const std::string &text, sema::SemaOptions opts = {}) {
  Analysed a;
  a.ctx->source = {"stdin", text};
  if (!parser::parse_program(*a.ctx, a.diags).ok) return a;
  a.ok = sema::analyse(*a.ctx, opts, a.info, a.diags);
  return a;
}

}  // namespace bpfsh::test
