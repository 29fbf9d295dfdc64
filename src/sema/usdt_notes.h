#pragma once
// USDT probes as <sys/sdt.h> records them: one SHT_NOTE entry per probe
// site in .note.stapsdt (owner "stapsdt", type 3), holding the site's
// address, the .stapsdt.base address it was linked against, the semaphore's
// address (0: none), then "provider\0name\0argument specs\0".
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sema/program_info.h"

namespace bpfsh::sema {

struct UsdtSite {
  std::string provider, name;
  uint64_t pc = 0;         // link-time address of the site, after prelink adjustment
  uint64_t semaphore = 0;  // link-time address of the semaphore, 0 when none
  std::string args;        // "-4@%edi 8@-16(%rbp) 4@$5"
};

// Every site in the ELF file, in note order; empty when it has none or is
// not an ELF file.
std::vector<UsdtSite> read_usdt_sites(const std::string &path);

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
