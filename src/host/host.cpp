// What every Host derives from its virtual methods.
#include "host/host.h"

#include "host/source_lines.h"

namespace bpfsh::host {

std::optional<std::vector<TracepointField>> Host::tracepoint_fields(const std::string &category,
                                                                    const std::string &event) {
  auto text = tracepoint_format(category, event);
  if (!text) return std::nullopt;
  return parse_format(*text);
}

std::optional<std::vector<uint64_t>> Host::source_line_addresses(const std::string &path, const std::string &file,
                                                                 uint64_t line, uint64_t column, std::string &why) {
  const DebugInfo *d = debug_info(path);
  if (!d) {
    why = "No DWARF debug info found for " + path;
    return std::nullopt;
  }
  return host::source_line_addresses(d->file, file, line, column, why);
}

}  // namespace bpfsh::host
