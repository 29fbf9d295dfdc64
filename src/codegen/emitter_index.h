#pragma once
// What codegen can emit for each registry emitter id, as plain data: the
// registry's consistency test reads it without LLVM's headers.
#include <array>

#include "sema/registry/emit_id.h"

namespace bpfsh::codegen {

struct EmitterKinds {
  unsigned registrations = 0;  // how many family tables list the id: 1 when sound
  bool call = false, var = false, agg = false;
};

std::array<EmitterKinds, sema::registry::kEmitIdCount> emitter_kinds();

}  // namespace bpfsh::codegen
