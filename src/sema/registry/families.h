#pragma once
// Internal to the registry: each family's rows, defined at the end of its
// sema/calls_<family>.cpp.
#include <span>

#include "sema/registry/registry.h"

namespace bpfsh::sema::registry {

std::span<const Row> output_rows();
std::span<const Row> time_rows();
std::span<const Row> aggregates_rows();
std::span<const Row> maps_rows();
std::span<const Row> strings_rows();
std::span<const Row> bytes_rows();
std::span<const Row> net_rows();
std::span<const Row> skb_rows();
std::span<const Row> symbols_rows();
std::span<const Row> task_rows();
std::span<const Row> probe_rows();
std::span<const Row> machine_rows();
std::span<const Row> memory_rows();
std::span<const Row> names_rows();
std::span<const Row> path_rows();
std::span<const Row> introspect_rows();

}  // namespace bpfsh::sema::registry
