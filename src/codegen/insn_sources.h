#pragma once
// Internal to codegen: reads back, from the emitted object, which statement
// each instruction of each program comes from (artifact::InsnSource), so the
// loader can name the statement the kernel's verifier rejected.
//
// The object's BTF line info gives, per ELF section, instruction offsets and
// the line and column of their debug locations (debug_locations.h). The
// verifier counts instructions of the program libbpf loads: the program's
// own, then each callback it refers to, appended as libbpf appends them
// (bpf_object__reloc_code: depth first, at a callback's first reference).
#include "codegen/debug_locations.h"
#include "codegen/module_state.h"

namespace bpfsh::codegen {

// Fills insn_sources of every probe in `artifact` from its ELF; leaves them
// empty when the object has no line info.
void read_insn_sources(Artifact &artifact, const StmtSites &sites);

}  // namespace bpfsh::codegen
