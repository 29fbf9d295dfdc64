#pragma once
// The type-check pass: infers and checks every attach point's body.
// Needs: ProgramInfo::probes with their own bodies (probe_expansion.h), maps
// declared. Gives: types on every node, each map's key and value types.
#include "common/diag.h"
#include "sema/options.h"
#include "sema/program_info.h"

namespace bpfsh::sema {

void type_check(ProgramInfo &info, const SemaOptions &opts, Diagnostics &diags);

}  // namespace bpfsh::sema
