#pragma once
// The part of the C preprocessor bpftrace scripts use: #include lines (the
// kernel's types come from BTF, so they have no effect), object-like
// #define/#undef expanded in the script's text, and conditional blocks
// (#if/#ifdef/#ifndef/#elif/#else/#endif) with BPFTRACE_HAVE_BTF defined,
// as upstream does when the kernel has BTF. Lines keep their numbers:
// directives and skipped lines become empty lines.
#include <string>

#include "common/diag.h"

namespace bpfsh::parser {

std::string preprocess(const std::string &text, Diagnostics &diags);

}  // namespace bpfsh::parser
