#pragma once
// The command line's way into the pipeline: its options as the driver's.
#include <optional>
#include <ostream>

#include "cli/options.h"
#include "codegen/artifact.h"
#include "driver/pipeline.h"

namespace bpfsh::cli {

// cpid: the -c child's pid, 0 without one. ir: where --emit-llvm's IR goes.
driver::Options driver_options(const Options &o, int64_t cpid, std::ostream &ir);

}  // namespace bpfsh::cli
