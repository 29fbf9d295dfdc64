#pragma once
// The runtime's Symbolizer: the host's kallsyms for the kernel, LLVM's
// symbolizer (bpfsh_symbols) for user space, and its CFI unwinder for
// dw_ustack. Each part is loaded on first use.
#include <memory>

#include "runtime/symbolizer.h"
#include "symbols/cfi_unwinder.h"
#include "symbols/user_symbolizer.h"

namespace bpfsh::cli {

class SystemSymbolizer final : public runtime::Symbolizer {
 public:
  // `host` must outlive this.
  explicit SystemSymbolizer(host::Host &host) : host_(host) {}
  std::optional<runtime::Symbol> kernel(uint64_t addr) override;
  std::optional<runtime::Symbol> user(int32_t pid, uint64_t addr) override;
  std::optional<runtime::Symbol> user_with_lines(int32_t pid, uint64_t addr, bool return_address) override;
  void process_seen(int32_t pid, const std::string &binary, uint64_t bias) override;
  std::vector<uint64_t> unwind_user(int32_t pid, uint64_t ip, uint64_t sp, uint64_t bp,
                                    std::span<const uint8_t> stack, uint32_t limit) override;

 private:
  symbols::UserSymbolizer &users();
  host::Host &host_;
  std::unique_ptr<symbols::UserSymbolizer> user_;
  std::unique_ptr<symbols::CfiUnwinder> unwinder_;
};

}  // namespace bpfsh::cli
