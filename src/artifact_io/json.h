#pragma once
// The Artifact as JSON, every table but the ELF bytes: what a compiled
// object (object_file.h) carries beside its BPF code so a runtime without
// the compiler can print as bpfsh does. Written and read by one list of
// fields per type (json.cpp); tests/unit/artifact_io checks each type's
// size, so a field added to artifact/ without a line here fails there.
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "artifact/artifact.h"

namespace bpfsh::artifact_io {

// Bumped whenever a field is added, removed or changes meaning: a runtime
// reads only objects of its own version.
inline constexpr int kFormatVersion = 2;

// What the code holds as constants, fixed when it was compiled, so a
// compiled object runs with these and no others.
struct CompiledWith {
  std::vector<std::string> script_args;  // after the script (script_args.h's spelling)
  int64_t pid = 0;                       // -p: its probes filter on this process; 0: none
  bool operator==(const CompiledWith &) const = default;
};

struct CompiledProgram {
  artifact::Artifact artifact;
  CompiledWith with;
};

// {"format": "bpfsh-artifact", "version": N, "artifact": {...}, "compiled_with": {...}}
std::string to_json(const artifact::Artifact &a, const CompiledWith &with = {});
// The program (its elf left empty), or why the text is not one of
// kFormatVersion.
std::expected<CompiledProgram, std::string> from_json(std::string_view text);

}  // namespace bpfsh::artifact_io
