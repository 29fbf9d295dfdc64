#include "runtime/result.h"

#include <bpf/libbpf.h>

#include <regex>

namespace bpfsh::runtime {

std::string errno_message(const std::string &subject, const std::string &what, int err) {
  char buf[128];
  libbpf_strerror(err < 0 ? -err : err, buf, sizeof buf);  // also knows libbpf's own codes
  return subject + ": " + what + ": " + buf;
}

// "NAME:LINE:COL-COL: ERROR: " or, for several lines, "NAME:LINE-LINE: ERROR: "
// opens the first line.
bool is_rendered(const std::string &msg) {
  static const std::regex located(R"(^[^\n]*:[0-9]+(:[0-9]+|-[0-9]+|:[0-9]+-[0-9]+): ERROR: )");
  return std::regex_search(msg, located);
}

std::string error_text(const std::string &msg) {
  if (is_rendered(msg)) return msg.ends_with('\n') ? msg : msg + "\n";
  return "ERROR: " + msg + "\n";
}

}  // namespace bpfsh::runtime
