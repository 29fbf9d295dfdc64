#pragma once
// What the runtime needs to name addresses. The implementation links LLVM's
// symbolizer, which the runtime must not: the command line provides one
// (cli/symbolizer.cpp) and the runtime sees only this interface.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace bpfsh::runtime {

// A place in the source, from DWARF's line table.
struct SourceLine {
  std::string file;  // DIR/FILE as compiled; empty: not known
  uint32_t line = 0;
};

// A function the compiler inlined at an address, and where in it the address lies.
struct InlinedCall {
  std::string name;
  SourceLine at;
};

struct Symbol {
  std::string name;     // demangled
  uint64_t offset = 0;  // of the address from the symbol's start
  std::string module;   // user symbols: the binary's path
  // Only when asked for (user_with_lines, show_debug_info): where the
  // address lies in `name`, or where `name` calls the outermost inlined
  // function, and the inlined functions, innermost first.
  SourceLine at;
  std::vector<InlinedCall> inlined;
};

class Symbolizer {
 public:
  virtual ~Symbolizer() = default;
  virtual std::optional<Symbol> kernel(uint64_t addr) = 0;
  virtual std::optional<Symbol> user(int32_t pid, uint64_t addr) = 0;
  // user() and, from the binary's DWARF, the source line and the inlined
  // functions (show_debug_info). A `return_address` follows a call: its
  // line and inlined functions are the call's (the byte before it), its
  // offset stays its own. Without DWARF to read (bpfsh-run), just user().
  virtual std::optional<Symbol> user_with_lines(int32_t pid, uint64_t addr, bool return_address) {
    (void)return_address;
    return user(pid, addr);
  }
  // `pid` appeared in a ustack or usym: keep what is needed to name its
  // addresses once it has exited. When `binary` is not empty, it is loaded
  // in the process `bias` bytes above its link-time addresses: enough to
  // name that binary's addresses should the process be gone already.
  virtual void process_seen(int32_t pid, const std::string &binary, uint64_t bias) = 0;
  // dw_ustack: the return addresses of `pid`'s stack, innermost first, from
  // the registers and the copy of the stack from sp up taken at the event,
  // through the binaries' call frame information. Without it, just ip.
  virtual std::vector<uint64_t> unwind_user(int32_t pid, uint64_t ip, uint64_t sp, uint64_t bp,
                                            std::span<const uint8_t> stack, uint32_t limit) {
    (void)pid, (void)sp, (void)bp, (void)stack, (void)limit;
    return {ip};
  }
};

}  // namespace bpfsh::runtime
