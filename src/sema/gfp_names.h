#pragma once
// %gr's names for GFP flags, from the running kernel itself: the print
// format of the kmem:kmalloc tracepoint holds the kernel's show_gfp_flags
// table (include/trace/events/mmflags.h) with every mask expanded to a C
// constant expression, composite names (GFP_KERNEL) before single bits, as
// the kernel's own %pGg prints them. No hand-typed table to go stale: GFP
// bits move between kernel versions.
#include <optional>
#include <string>
#include <vector>

#include "artifact/events.h"

namespace bpfsh::sema {

// The {mask, "NAME"} pairs of the first __print_flags(..., "|", ...) in a
// tracepoint's format text, in order; empty when there is none or a mask is
// not an expression this reader evaluates (numbers, casts, ( ) ~ << | &).
std::vector<artifact::FlagName> parse_print_flags(const std::string &format_text);

}  // namespace bpfsh::sema
