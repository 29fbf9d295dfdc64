#pragma once
// A script's own options (getopt()), as `-- --help` lists them.
#include <cstdint>
#include <string>

namespace bpfsh::artifact {

struct OptionSpec {
  enum class Kind : uint8_t { Flag, Int, Str };
  std::string name;
  Kind kind = Kind::Flag;
  std::string default_text;  // the default as the script wrote it ("false" for a bare flag)
  std::string description;   // "" when the script gave none
};

}  // namespace bpfsh::artifact
