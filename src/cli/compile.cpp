#include "cli/compile.h"

#include <cstdlib>
#include <iostream>

#include "runtime/features.h"

namespace bpfsh::cli {

driver::Options driver_options(const Options &o, host::Host &host, int64_t cpid, std::ostream &ir) {
  driver::Options d;
  d.import_dirs = o.import_dirs;
  d.include_files = o.include_files;
  d.sema.host = &host;
  d.sema.positional = o.positional;
  d.sema.named_args = o.named_args;
  d.sema.unsafe = o.unsafe;
  d.sema.cpid = cpid;
  d.sema.pid = o.pid;
  d.sema.probe_filter = o.probe_filter;
  d.sema.env = [](const char *name) -> const char * { return std::getenv(name); };
  if (o.stack_format == "bpftrace") d.sema.stack_mode = ast::StackMode::Bpftrace;
  if (o.stack_format == "perf") d.sema.stack_mode = ast::StackMode::Perf;
  if (o.stack_format == "raw") d.sema.stack_mode = ast::StackMode::Raw;
  d.codegen.helper_checks = o.warnings_level > 0;
  d.codegen.perf_buffer = o.no_ringbuf || !runtime::features::has_ring_buffer();
  // A compiled object may load where the ring buffer is missing: it
  // carries both channels and bpfsh-run picks (artifact/channels.h).
  d.codegen.both_channels = !o.emit_elf.empty();
  for (auto &stage : o.debug) driver::enable_dump(d.dumps, stage);
  d.dumps.out = &std::cout;
  // --emit-llvm writes only the IR, so the file is a module llc can read.
  if (o.debug.empty() && !o.emit_llvm.empty()) {
    d.dumps.ir = true;
    d.dumps.out = &ir;
  }
  return d;
}

}  // namespace bpfsh::cli
