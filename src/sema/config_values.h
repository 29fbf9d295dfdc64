#pragma once
// The settings in force as values a program can read: the `config` builtin
// is a record of them (config.max_strlen), the way upstream's is.
#include <cstdint>
#include <string>
#include <vector>

#include "sema/config.h"

namespace bpfsh::sema {

struct ConfigValue {
  // Words such as stack_mode's are text: `config.stack_mode == "perf"`.
  enum class Kind { Number, Bool, Text } kind;
  uint64_t number = 0;
  std::string text;
  std::string key;
};

// Every key that tunes something, by name; the keys accepted only for
// compatibility (unstable_*, cache_user_symbols) have no value to show.
std::vector<ConfigValue> config_values(const Config &config);

}  // namespace bpfsh::sema
