// What every Host derives from its virtual methods.
#include "host/host.h"

namespace bpfsh::host {

std::optional<std::vector<TracepointField>> Host::tracepoint_fields(const std::string &category,
                                                                    const std::string &event) {
  auto text = tracepoint_format(category, event);
  if (!text) return std::nullopt;
  return parse_format(*text);
}

}  // namespace bpfsh::host
