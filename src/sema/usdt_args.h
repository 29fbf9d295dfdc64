#pragma once
// USDT argument specs (host/usdt_notes.h reads them from the notes) decoded
// into where each argument lives when the probe fires.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sema/program_info.h"

namespace bpfsh::sema {

// Decodes one site's argument specs (x86-64 AT&T operands). On a spec it
// cannot decode, returns nullopt with the reason in `error`. `sym_address`
// resolves a symbol named in a %rip-relative operand.
std::optional<std::vector<UsdtArg>> parse_usdt_args(
    const std::string &specs, uint64_t pc, std::string &error,
    const std::function<std::optional<uint64_t>(const std::string &)> &sym_address = {});

// A pt_regs register by its AT&T name ("rdi", "eax", "r8d", "al"): its offset
// in struct pt_regs and its width in bytes; nullopt for an unknown one.
std::optional<std::pair<int32_t, uint8_t>> x86_register(const std::string &name);

}  // namespace bpfsh::sema
