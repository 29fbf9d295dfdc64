#pragma once
// A compiled program on disk: the BPF object codegen made, plus a section
// `.bpfsh.artifact` (not allocated, so libbpf and bpftool skip it) holding
// the rest of the Artifact as JSON (json.h). `bpfsh --emit-elf` writes one,
// bpfsh-run reads it.
#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "artifact/artifact.h"
#include "artifact_io/json.h"

namespace bpfsh::artifact_io {

inline constexpr const char *kArtifactSection = ".bpfsh.artifact";

// a.elf with the section added.
std::expected<std::vector<uint8_t>, std::string> write_object(const artifact::Artifact &a,
                                                              const CompiledWith &with = {});
// The program an object holds, its elf the object's bytes as given; an
// error for a file that is not ELF, has no section, or another version.
std::expected<CompiledProgram, std::string> read_object(std::vector<uint8_t> bytes);

}  // namespace bpfsh::artifact_io
