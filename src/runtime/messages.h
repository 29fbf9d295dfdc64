#pragma once
// Run-time messages that point into the script: errorf()/warnf() and, under
// -k, failed helper calls. Both text (bpftrace's diagnostic layout) and json
// fields are filled; the output picks.
#include <cstdint>
#include <string>

#include "artifact/artifact.h"
#include "common/source.h"
#include "runtime/output/output.h"

namespace bpfsh::runtime {

// errorf/warnf: "stdin:1:9-31: WARNING: msg" (no source line: it is the call).
output::RuntimeMessage format_message(const artifact::SiteSpec &site, bool error, std::string msg,
                                      const SourceFile &src);

// A helper's failure: the message, the helper and its return code, then the
// source line with the failing expression underlined.
output::RuntimeMessage helper_message(const artifact::SiteSpec &site, int64_t retcode, const SourceFile &src);
// A division or modulo by 0 at `site`, which gave 1 (bpftrace's words).
output::RuntimeMessage divide_by_zero_message(const artifact::SiteSpec &site, const SourceFile &src);
// An array index at run time past the array's end, in bpftrace's words.
output::RuntimeMessage out_of_bounds_message(const artifact::SiteSpec &site, const SourceFile &src);

}  // namespace bpfsh::runtime
