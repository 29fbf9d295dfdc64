#pragma once
// Parses and checks a program for sema and codegen tests, through the driver.
#include <memory>
#include <string>

#include "common/diag.h"
#include "driver/pipeline.h"

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
  if (!driver::parse(*a.ctx, a.diags).ok) return a;
  driver::Options d;
  d.sema = std::move(opts);
  a.ok = driver::check(*a.ctx, d, a.info, a.diags);
  return a;
}

}  // namespace bpfsh::test
