// Lexer, preprocessor and parser on arbitrary text, then the diagnostics
// rendered as the user would see them (underlines of any range).
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/diag.h"
#include "driver/pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace bpfsh;
  ast::Context ctx;
  ctx.source = {"fuzz.bt", std::string(reinterpret_cast<const char *>(data), size)};
  Diagnostics diags;
  driver::parse(ctx, diags);
  for (auto &d : diags.all()) (void)render_diagnostic(d, ctx.source);
  return 0;
}
