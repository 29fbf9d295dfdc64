#include "sema/pipeline.h"

#include "sema/attach_points.h"
#include "sema/macro_expand.h"
#include "sema/map_decls.h"
#include "sema/probe_expansion.h"
#include "sema/script_types.h"
#include "sema/type_check_pass.h"

namespace bpfsh::sema {

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
  auto script_types = std::make_shared<ScriptTypes>();
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
    expand_probes(ctx, info);
    type_check(info, opts, local);
    check_map_decls(info, local);
  }
  diags.append(local);
  return !local.has_errors();
}

}  // namespace bpfsh::sema
