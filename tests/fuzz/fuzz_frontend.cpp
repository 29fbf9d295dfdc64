// The whole front end, as `bpfsh --dry-run` runs it: parse, every checking
// pass and codegen to a BPF object, on the unit tests' fake host, with one
// positional parameter taken from the input so $1 and str($1) are reached.
// Input: the script, optionally followed by "\n//$1=VALUE" on its last line.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/diag.h"
#include "driver/pipeline.h"
#include "fake_host.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace bpfsh;
  static test::FakeHost host;
  std::string text(reinterpret_cast<const char *>(data), size);
  driver::Options opts;
  opts.sema.host = &host;
  if (auto at = text.rfind("\n//$1="); at != std::string::npos) {
    opts.sema.positional.push_back(text.substr(at + 6));
    text.resize(at);
  }
  ast::Context ctx;
  ctx.source = {"fuzz.bt", text};
  Diagnostics diags;
  driver::compile(ctx, opts, diags);
  for (auto &d : diags.all()) (void)render_diagnostic(d, ctx.source);
  return 0;
}
