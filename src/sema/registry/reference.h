#pragma once
// The function and builtin reference (docs/functions.md), written from the
// registry's rows.
#include <string>

namespace bpfsh::sema::registry {

// Markdown: a section per family, a line per row with its signature, the
// probe types it is limited to, and its doc line.
std::string reference_markdown();

}  // namespace bpfsh::sema::registry
