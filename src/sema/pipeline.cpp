#include "sema/pipeline.h"

#include <set>

#include "sema/attach_points.h"
#include "sema/kernel_types.h"
#include "sema/macro_expand.h"
#include "sema/map_decls.h"
#include "sema/script_types.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

// A probe with several attach points is checked once per attach point; keep
// one copy of each message.
static void dedupe(Diagnostics &diags) {
  Diagnostics out;
  std::set<std::tuple<int, int, std::string>> seen;
  for (auto &d : diags.all()) {
    if (!seen.insert({d.range.begin.line, d.range.begin.col, d.message}).second) continue;
    auto &n = d.severity == Severity::Error ? out.error(d.range, d.message) : out.warning(d.range, d.message);
    n.hints = d.hints;
    n.located = d.located;
  }
  diags = out;
}

bool analyse(ast::Context &ctx, const SemaOptions &opts, ProgramInfo &info, Diagnostics &diags) {
  ast::Program &program = *ctx.program;
  info.positional = opts.positional;
  info.named_args = opts.named_args;
  info.cpid = opts.cpid;
  info.pid = opts.pid;
  for (const auto &m : opts.known_maps) {
    info.map_index[m.name] = info.maps.size();
    info.maps.push_back(m);
    info.maps.back().fixed = true;
  }

  Diagnostics local;
  // The config decides string sizes and stack modes: it comes before any type.
  info.config = opts.config;
  apply_config(program, opts.env, info.config, local);
  if (opts.stack_mode) info.config.stack_mode = *opts.stack_mode;
  info.strlen = info.config.max_strlen;
  info.stack_mode = info.config.stack_mode;
  info.host = opts.host;
  info.kernel_types = std::make_shared<KernelTypes>(*opts.host);
  auto script_types = std::make_shared<ScriptTypes>(*info.kernel_types);
  script_types->define(program.c_defs, local);
  info.script_types = script_types;
  if (program.probes.empty()) local.error(program.range, "no probes in the program");
  // Macros first: no later pass sees a macro call.
  expand_macros(ctx, local);
  declare_maps(program, info, local);
  resolve_attach_points(program, info, local);
  // missing_probes = warn/ignore may have left nothing to run.
  if (!local.has_errors() && info.probes.empty() && !program.probes.empty())
    local.error_unlocated("No probes to attach");
  if (!local.has_errors()) {
    // Maps are global and may be read in one probe before the probe that
    // assigns them: a first pass learns every map's type, the second checks.
    Diagnostics scratch;
    TypeChecker first(info, scratch, opts.unsafe, false);
    for (auto &pi : info.probes) first.check_probe(pi);
    TypeChecker second(info, local, opts.unsafe, true);
    for (auto &pi : info.probes) second.check_probe(pi);
    check_map_decls(info, local);
  }
  dedupe(local);
  for (auto &d : local.all()) {
    auto &n = d.severity == Severity::Error ? diags.error(d.range, d.message) : diags.warning(d.range, d.message);
    n.hints = d.hints;
    n.located = d.located;
  }
  return !local.has_errors();
}

}  // namespace bpfsh::sema
