#pragma once
// Probe resolution: turns each attach point as written into concrete probes,
// expanding wildcards against the running kernel.
#include "common/diag.h"
#include "sema/program_info.h"

namespace bpfsh::sema {

// Appends one ProbeInstance per concrete attach point of `program`.
void resolve_attach_points(ast::Program &program, ProgramInfo &info, Diagnostics &diags);

}  // namespace bpfsh::sema
