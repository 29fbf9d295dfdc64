#pragma once
// The command line's way into the pipeline: its options as the driver's.
#include <optional>
#include <ostream>

#include "cli/options.h"
#include "artifact/artifact.h"
#include "driver/pipeline.h"

namespace bpfsh::cli {

// host: the machine compiled for. cpid: the -c child's pid, 0 without one.
// ir: where --emit-llvm's IR goes.
driver::Options driver_options(const Options &o, host::Host &host, int64_t cpid, std::ostream &ir);

}  // namespace bpfsh::cli
