#include "driver/pipeline.h"

#include <chrono>

#include "ast/printer.h"
#include "driver/headers.h"
#include "driver/imports.h"
#include "driver/passes.h"

namespace bpfsh::driver {

bool enable_dump(Dumps &d, const std::string &stage) {
  // bpftrace's names too: its type dump and IR before and after optimisation.
  if (stage == "ast") d.ast = true;
  else if (stage == "passes" || stage == "types") d.passes = true;
  else if (stage == "ir" || stage == "codegen" || stage == "codegen-opt") d.ir = true;
  else if (stage == "all") d.ast = d.passes = d.ir = true;
  else return false;
  return true;
}

parser::ParseResult parse(ast::Context &ctx, Diagnostics &diags, const std::vector<std::string> &import_dirs,
                          const std::vector<std::string> &include_files) {
  HeaderFiles headers(ctx, import_dirs, include_files);
  parser::ParseResult res = parser::parse_program(ctx, diags, &headers);
  if (res.ok && !resolve_imports(ctx, import_dirs, diags)) res.ok = false;
  return res;
}

bool check(ast::Context &ctx, const Options &opts, sema::ProgramInfo &info, Diagnostics &diags) {
  // Every pass may ask the machine something; a caller that forgot to say
  // which is a bug, reported rather than crashed on.
  if (!opts.sema.host) {
    diags.error_unlocated("internal error: the program is checked without a host");
    return false;
  }
  // Collected apart: a pass asks "did any pass before me fail?", whatever
  // the caller's diags held already.
  Diagnostics local;
  const Dumps &d = opts.dumps;
  for (const Pass &p : checking_passes()) {
    if (p.needs_clean_input && local.has_errors()) break;
    PassContext pc{ctx, opts.sema, info, local};
    p.run(pc);
    if (d.passes && d.out) {
      *d.out << "-- after " << p.name << "\n";
      ast::print_ast(*d.out, *ctx.program);
    }
  }
  diags.append(local);
  return !local.has_errors();
}

std::optional<artifact::Artifact> generate(ast::Context &ctx, const Options &opts, sema::ProgramInfo &info,
                                          Diagnostics &diags) {
  auto t0 = std::chrono::steady_clock::now();
  if (!check(ctx, opts, info, diags)) return std::nullopt;
  auto t1 = std::chrono::steady_clock::now();
  auto a = emit(ctx, opts, info, diags);
  if (opts.times) {
    opts.times->check = std::chrono::duration<double, std::milli>(t1 - t0).count();
    opts.times->codegen = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count();
  }
  return a;
}

std::optional<artifact::Artifact> emit(ast::Context &ctx, const Options &opts, const sema::ProgramInfo &info,
                                      Diagnostics &diags) {
  codegen::CodegenOptions cg = opts.codegen;
  if (opts.dumps.ir && opts.dumps.out) cg.dump_ir = opts.dumps.out;
  return codegen::compile(ctx, info, cg, diags);
}

std::optional<artifact::Artifact> compile(ast::Context &ctx, const Options &opts, Diagnostics &diags) {
  auto t0 = std::chrono::steady_clock::now();
  if (!parse(ctx, diags, opts.import_dirs, opts.include_files).ok) return std::nullopt;
  if (opts.times) opts.times->parse = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (opts.dumps.ast && opts.dumps.out) ast::print_ast(*opts.dumps.out, *ctx.program);
  sema::ProgramInfo info;
  return generate(ctx, opts, info, diags);
}

}  // namespace bpfsh::driver
