#pragma once
// Typed AST + sema's ProgramInfo -> Artifact (a BPF ELF and its tables).
// LLVM is used here and nowhere after.
#include <optional>
#include <ostream>

#include "ast/ast.h"
#include "artifact/artifact.h"
#include "common/diag.h"
#include "sema/program_info.h"

namespace bpfsh::codegen {

// Codegen speaks the artifact's vocabulary: what it builds is an Artifact.
using namespace bpfsh::artifact;

struct CodegenOptions {
  std::ostream *dump_ir = nullptr;  // -d: the optimised IR goes here
  uint32_t ringbuf_bytes = 0;  // 0: perf_rb_pages pages per CPU, as config says
  bool helper_checks = false;  // -k: report helpers that fail at run time
  // Events through a perf event array (bpf_perf_event_output) instead of
  // the ring buffer: --no-feature ringbuf, or a kernel without ring buffers
  // (before 5.8).
  bool perf_buffer = false;
  // Both channels, the loader choosing (artifact/channels.h): for a
  // compiled object, which may load on a kernel without ring buffers.
  bool both_channels = false;
};

std::optional<Artifact> compile(ast::Context &ctx, const sema::ProgramInfo &info,
                                const CodegenOptions &opts, Diagnostics &diags);

}  // namespace bpfsh::codegen
