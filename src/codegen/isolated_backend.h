#pragma once
// Running LLVM's BPF backend where its fatal errors can not end bpfsh.
//
// Some limits of BPF (a jump over more than 32767 instructions) the backend
// finds only as it writes the object, and then it has no way back but
// report_fatal_error, which must not return. In bpfsh's own process that
// ends the REPL session or the fuzzer with it. So a module large enough to
// reach such a limit is emitted by a forked copy of bpfsh: the copy sends
// the object back, or the reason it gave up, and ends; bpfsh goes on either
// way. Small modules (nearly all) are emitted in process, without a fork.
#include <functional>
#include <string>
#include <vector>

namespace bpfsh::codegen {

struct BackendRun {
  bool ok = false;
  std::vector<char> object;  // ok: the ELF bytes
  std::string error;         // !ok: what the backend said
};

// Runs `emit` (which fills `out` with the object, or returns false with the
// error in `error`) in a forked child, its fatal errors caught there.
BackendRun run_backend_isolated(const std::function<bool(std::vector<char> &out, std::string &error)> &emit);

// For a backend run in process (llvm::ScopedFatalErrorHandler): prints
// bpfsh's error and ends with status 1, the honest end when nothing is
// loaded yet.
[[noreturn]] void exit_on_backend_fatal(void *, const char *reason, bool);

}  // namespace bpfsh::codegen
