#pragma once
// Probe expansion: after attach resolution, before any type is inferred,
// every attach point of a probe block gets a body of its own. What a body
// means depends on its attach point (args and its offsets, probe, func,
// retval, typed arguments, probetype), and sema writes those facts onto the
// nodes; shared nodes would hold the last attach point's answers for all.
// Needs: ProgramInfo::probes from resolve_attach_points. Gives: each
// ProbeInstance's predicate and body, distinct for instances of one block.
#include "ast/ast.h"
#include "sema/program_info.h"

namespace bpfsh::sema {

void expand_probes(ast::Context &ctx, ProgramInfo &info);

}  // namespace bpfsh::sema
