#include "cli/symbolizer.h"

namespace bpfsh::cli {

std::optional<runtime::Symbol> SystemSymbolizer::kernel(uint64_t addr) {
  auto s = host_.kallsyms().lookup(addr);
  if (!s) return std::nullopt;
  return runtime::Symbol{std::move(s->name), s->offset, "", {}, {}};
}

symbols::UserSymbolizer &SystemSymbolizer::users() {
  if (!user_) user_ = std::make_unique<symbols::UserSymbolizer>(host_);
  return *user_;
}

std::optional<runtime::Symbol> SystemSymbolizer::user(int32_t pid, uint64_t addr) {
  auto s = users().resolve(pid, addr);
  if (!s) return std::nullopt;
  return runtime::Symbol{std::move(s->name), s->offset, std::move(s->module), {}, {}};
}

std::optional<runtime::Symbol> SystemSymbolizer::user_with_lines(int32_t pid, uint64_t addr, bool return_address) {
  auto s = users().resolve_with_lines(pid, addr, return_address);
  if (!s) return std::nullopt;
  runtime::Symbol out{std::move(s->name), s->offset, std::move(s->module), {std::move(s->at.file), s->at.line}, {}};
  for (auto &c : s->inlined) out.inlined.push_back({std::move(c.name), {std::move(c.at.file), c.at.line}});
  return out;
}

void SystemSymbolizer::process_seen(int32_t pid, const std::string &binary, uint64_t bias) {
  users().remember(pid, binary, bias);
}

std::vector<uint64_t> SystemSymbolizer::unwind_user(int32_t pid, uint64_t ip, uint64_t sp, uint64_t bp,
                                                    std::span<const uint8_t> stack, uint32_t limit) {
  if (!unwinder_) unwinder_ = std::make_unique<symbols::CfiUnwinder>(users());
  return unwinder_->unwind(pid, symbols::StackSample{ip, sp, bp, stack}, limit);
}

}  // namespace bpfsh::cli
