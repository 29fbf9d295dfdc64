#pragma once
// The builtin variables scripts may read, with their types and the probe
// types that provide them (from the registry's rows), and the names of
// integer types and registers.
#include <optional>
#include <string>
#include <vector>

#include "ast/types.h"
#include "sema/program_info.h"
#include "sema/registry/registry.h"

namespace bpfsh::sema {

struct BuiltinInfo {
  ast::Type type;
  // A bit per ProbeType that provides it; all bits set when any probe does.
  unsigned probes = ~0u;
};

std::optional<BuiltinInfo> lookup_builtin(const std::string &name, uint32_t strlen);

using registry::probe_bit;

// int8..uint64, char, short, int, long, bool: the integer types scripts name.
std::optional<ast::Type> int_type_named(const std::string &name);

// "arg3" -> 3; -1 when the name is not argN.
int arg_index(const std::string &name);

// The most arguments a USDT site has (sys/sdt.h's STAP_PROBE12).
constexpr int kMaxUsdtArgs = registry::kMaxArgs;

// Frames kstack and ustack keep when no limit is given.
constexpr uint32_t kDefaultStackLimit = 127;

// reg("name"): the register's offset in x86-64's struct pt_regs
// (arch/x86/include/uapi/asm/ptrace.h); nullopt for an unknown name.
std::optional<uint32_t> register_offset(const std::string &name);
// Every builtin variable and every function the registry holds, sorted
// (for the REPL's completion).
std::vector<std::string> builtin_names();
std::vector<std::string> function_names();

}  // namespace bpfsh::sema
