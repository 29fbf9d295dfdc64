// Each artifact type's fields, listed once for both directions. Enums go as
// their numbers: the format version, not their names, says what they mean.
#include "artifact_io/json.h"

#include <nlohmann/json.hpp>

namespace bpfsh::artifact {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Layout, kind, hex, enumerators, name, offset, bit_offset, bit_size, count,
                                   stack_mode, stack_limit, dwarf, is_signed, size, trunc_len, trailer, time_format, lookup,
                                   lookup_arg, elems)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SourceSpan, line, col, end_line, end_col)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(InsnSource, insn, stmt, loop, loop_kind)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ProbeSpec, prog_name, type, display, target, func, offset, period_ns, freq_hz,
                                   perf_type, perf_config, sample_period, address, length, mode, ref_ctr_offset,
                                   signal, pid, place, insn_sources)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(MapSpec, name, elf_name, key, value, agg, percpu, array, key_size, value_size,
                                   max_entries, value_signed, lhist_min, lhist_max, lhist_step, hist_bits,
                                   tseries_interval, tseries_num, tseries_agg)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(StackMapSpec, elf_name, limit, build_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SiteSpec, line, col, end_line, end_col, helper)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(JoinSpec, sep, max_args, arg_size)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(FormatArg, layout, offset)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(FlagName, mask, name)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(FormatSpec, fmt, args, gfp_names, level, site)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(OptionSpec, name, kind, default_text, description)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CaptureSpec, path, link_type, snaplen)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RunSettings, print_maps_on_exit, max_cat_bytes, missing_probes, show_debug_info)
// Not elf: the object file is the ELF.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Artifact, ringbuf_name, perf_buffer_pages, probes, maps, formats, values,
                                   stack_maps, settings, time_formats, joins, sites, options, captures, lost_name,
                                   map_full_name, map_full_sites, ir_instructions, source_name,
                                   source_text)

}  // namespace bpfsh::artifact

namespace bpfsh::artifact_io {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CompiledWith, script_args, pid)

namespace {
constexpr const char *kFormatName = "bpfsh-artifact";
}

std::string to_json(const artifact::Artifact &a, const CompiledWith &with) {
  nlohmann::json j;
  j["format"] = kFormatName;
  j["version"] = kFormatVersion;
  j["artifact"] = a;
  j["compiled_with"] = with;
  return j.dump();
}

std::expected<CompiledProgram, std::string> from_json(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || j.value("format", "") != kFormatName)
    return std::unexpected("not a bpfsh program description");
  if (!j.contains("version") || !j["version"].is_number_integer())
    return std::unexpected("the program description has no format version");
  int version = j["version"].get<int>();
  if (version != kFormatVersion)
    return std::unexpected("a compiled program of format version " + std::to_string(version) +
                           "; this bpfsh-run reads version " + std::to_string(kFormatVersion) +
                           " only: compile it again with this bpfsh's --emit-elf");
  try {
    return CompiledProgram{j.at("artifact").get<artifact::Artifact>(), j.at("compiled_with").get<CompiledWith>()};
  } catch (const nlohmann::json::exception &e) {
    return std::unexpected(std::string("the program description is damaged: ") + e.what());
  }
}

}  // namespace bpfsh::artifact_io
