#pragma once
// Map specs and entries built by hand, for the tests of what the runtime
// makes of a map's contents (text, JSON, the Prometheus exposition).
#include <string>

#include "artifact/maps.h"
#include "runtime/value.h"

namespace bpfsh::runtime::test {

inline artifact::MapSpec spec(const std::string &name, artifact::AggKind agg, bool is_signed = false) {
  artifact::MapSpec s;
  s.name = name;
  s.agg = agg;
  s.value_signed = is_signed;
  return s;
}

inline MapEntry entry(Value key, Value v) {
  AggValue a;
  a.scalar = std::move(v);
  return MapEntry{std::move(key), std::move(a)};
}

}  // namespace bpfsh::runtime::test
