#pragma once
// Parses and checks a program for sema and codegen tests, through the driver.
#include <memory>
#include <string>

#include "common/diag.h"
#include "driver/pipeline.h"
#include "fake_host.h"
#include "host/live_host.h"
#include "sema/kernel_types.h"

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

// The real machine, for the tests named *Kernel* (and root-only ones).
inline host::LiveHost &live_host() {
  static host::LiveHost h;
  return h;
}

// The canned machine of fake_host.h: what sema and codegen tests run on, as
// any user, without tracefs.
inline FakeHost &fake_host() {
  static FakeHost h;
  return h;
}

// Kernel types over the fake host's BTF.
inline sema::KernelTypes *kernel_types() {
  static sema::KernelTypes k(fake_host());
  return &k;
}

// Analyses on the fake host unless opts names another.
inline Analysed analyse(const std::string &text, sema::SemaOptions opts = {}) {
  if (!opts.host) opts.host = &fake_host();
  Analysed a;
  a.ctx->source = {"stdin", text};
  if (!driver::parse(*a.ctx, a.diags).ok) return a;
  driver::Options d;
  d.sema = std::move(opts);
  a.ok = driver::check(*a.ctx, d, a.info, a.diags);
  return a;
}

}  // namespace bpfsh::test
