#pragma once
// A verifier rejection in the user's terms: what the kernel refused, where
// in the script (the loop, statement or probe the rejected instruction comes
// from, through the probe's insn_sources), and what to do about it.
#include <optional>
#include <string>

#include "artifact/artifact.h"
#include "runtime/verifier_log.h"

namespace bpfsh::runtime {

// The message for a rejection bpfsh can explain, rendered as a located
// error ("file:L:C-C: ERROR: ...", the line, its underline, hints) when the
// artifact has the script; nullopt for Rejection::Other.
std::optional<std::string> rejection_message(const artifact::Artifact &a, const artifact::ProbeSpec &p,
                                             const Verdict &v);

}  // namespace bpfsh::runtime
