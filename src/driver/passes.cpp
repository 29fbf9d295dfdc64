#include "driver/passes.h"

#include "parser/driver.h"
#include "sema/attach_points.h"
#include "sema/config.h"
#include "sema/binary_types.h"
#include "sema/kernel_types.h"
#include "sema/macro_expand.h"
#include "sema/map_decls.h"
#include "sema/positional_params.h"
#include "sema/probe_expansion.h"
#include "sema/script_options.h"
#include "sema/script_types.h"
#include "sema/type_check_pass.h"
#include "sema/unreachable.h"

#include <regex>

namespace bpfsh::driver {
namespace {

// What the command line and an earlier REPL program already fixed: the
// host, the positional arguments, -c/-p, and the maps a live session has
// (they come first in the map table and keep their types).
void start(PassContext &pc) {
  auto &info = pc.info;
  info.host = pc.opts.host;
  info.kernel_types = std::make_shared<sema::KernelTypes>(*pc.opts.host);
  info.binary_types = std::make_shared<sema::BinaryTypes>(*pc.opts.host);
  info.positional = pc.opts.positional;
  info.named_args = pc.opts.named_args;
  info.cpid = pc.opts.cpid;
  info.pid = pc.opts.pid;
  info.unsafe = pc.opts.unsafe;
  info.live = pc.opts.live;
  for (const auto &m : pc.opts.known_maps) {
    info.map_index[m.name] = info.maps.size();
    info.maps.push_back(m);
    info.maps.back().fixed = true;
  }
  if (pc.ctx.program->probes.empty()) pc.diags.error(pc.ctx.program->range, "no probes in the program");
}

// Idempotent: the REPL checks a program again after changing it.
void stdlib(PassContext &pc) { parser::add_stdlib_macros(*pc.ctx.program); }

void positional_params(PassContext &pc) {
  sema::replace_positional_params(pc.ctx, pc.info.positional, pc.diags);
}

void config(PassContext &pc) {
  auto &info = pc.info;
  info.config = pc.opts.config;
  sema::apply_config(*pc.ctx.program, pc.opts.env, info.config, pc.diags);
  if (pc.opts.stack_mode) info.config.stack_mode = *pc.opts.stack_mode;
  info.strlen = info.config.max_strlen;
  info.stack_mode = info.config.stack_mode;
}

void c_definitions(PassContext &pc) {
  auto types = std::make_shared<sema::ScriptTypes>(*pc.info.kernel_types);
  types->define(pc.ctx.program->c_defs, pc.diags);
  pc.info.script_types = types;
}

void unreachable(PassContext &pc) { sema::warn_unreachable(*pc.ctx.program, pc.diags); }

void macros(PassContext &pc) { sema::expand_macros(pc.ctx, pc.diags); }

void script_options(PassContext &pc) { sema::collect_script_options(*pc.ctx.program, pc.info, pc.diags); }

void map_declarations(PassContext &pc) { sema::declare_maps(*pc.ctx.program, pc.info, pc.diags); }

// --probe-filter: before expansion, so the probes left out cost nothing.
void filter_probes(std::vector<sema::ProbeInstance> &probes, const std::string &filter) {
  if (filter.empty()) return;
  std::regex re(filter);
  std::erase_if(probes, [&](const sema::ProbeInstance &p) { return !std::regex_search(p.probe_name(), re); });
}

void attach_points(PassContext &pc) {
  sema::resolve_attach_points(*pc.ctx.program, pc.info, pc.diags);
  filter_probes(pc.info.probes, pc.opts.probe_filter);
  // missing_probes = warn/ignore may have left nothing to run.
  if (!pc.diags.has_errors() && pc.info.probes.empty() && !pc.ctx.program->probes.empty())
    pc.diags.error_unlocated("No probes to attach");
}

void probe_expansion(PassContext &pc) { sema::expand_probes(pc.ctx, pc.info); }

void type_check(PassContext &pc) { sema::type_check(pc.info, pc.opts, pc.diags); }

void map_checks(PassContext &pc) { sema::check_map_decls(pc.info, pc.diags); }

}  // namespace

// Ordering constraints, in one place:
// - the stdlib's macros join the program before macro expansion; a macro
//   of the script's own replaces the library's of the same signature.
// - positional parameters right after the arguments are known: every later
//   pass (the config block, macros, attach points, the checks that want a
//   literal) sees $1 and $# as the literals they stand for.
// - config first: max_strlen and the stack mode size every type after it.
// - C definitions before anything that names a type (casts, let, BTF).
// - unreachable statements before macros: a warning points at the script's
//   own text, never at a library macro's body inlined into it.
// - macros before every pass that looks at calls: none sees a macro call.
// - script options after macros (a macro may call getopt) and before type
//   checking, which lowers each getopt() to the option's value.
// - map declarations before type checking, which types the declared maps.
// - attach points, then probe expansion, then type checking: a body's types
//   depend on its attach point, so each needs its own copy first.
// - the passes from probe expansion on need clean input: they read what the
//   ones before them built, and their errors would only repeat.
// - map checks last: they compare declarations with the inferred types.
const std::vector<Pass> &checking_passes() {
  static const std::vector<Pass> passes = {
      {"stdlib", stdlib, false},
      {"start", start, false},
      {"positional-parameters", positional_params, false},
      {"config", config, false},
      {"c-definitions", c_definitions, false},
      {"unreachable", unreachable, false},
      {"macros", macros, false},
      {"script-options", script_options, false},
      {"map-declarations", map_declarations, false},
      {"attach-points", attach_points, false},
      {"probe-expansion", probe_expansion, true},
      {"type-check", type_check, true},
      {"map-checks", map_checks, true},
  };
  return passes;
}

}  // namespace bpfsh::driver
