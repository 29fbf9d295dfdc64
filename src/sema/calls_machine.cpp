// Registry rows of the machine family: the CPU the probe runs on, the NUMA
// node, the CPU count and random numbers. Their types need no check.
#include "sema/registry/families.h"

namespace bpfsh::sema::registry {

std::span<const Row> machine_rows() {
  using ast::Type;
  constexpr Family F = Family::Machine;
  constexpr Kind Var = Kind::Variable;
  static const Row rows[] = {
      {.name = "cpu", .kind = Var, .family = F, .signature = "cpu", .doc = "The CPU the probe runs on.",
       .type = Type::integer(32, false), .emit = EmitId::Cpu},
      {.name = "numaid", .kind = Var, .family = F, .signature = "numaid",
       .doc = "The NUMA node of the CPU the probe runs on.", .type = Type::integer(32, false),
       .emit = EmitId::Numaid},
      {.name = "ncpus", .kind = Var, .family = F, .signature = "ncpus",
       .doc = "How many CPUs are online, counted when the program is compiled.", .type = Type::integer(64, false),
       .emit = EmitId::Ncpus},
      {.name = "rand", .kind = Var, .family = F, .signature = "rand", .doc = "A pseudo-random 32-bit number.",
       .type = Type::integer(32, false), .emit = EmitId::Rand},
  };
  return rows;
}

}  // namespace bpfsh::sema::registry
