#include "runtime/result.h"

#include <bpf/libbpf.h>

namespace bpfsh::runtime {

std::string errno_message(const std::string &subject, const std::string &what, int err) {
  char buf[128];
  libbpf_strerror(err < 0 ? -err : err, buf, sizeof buf);  // also knows libbpf's own codes
  return subject + ": " + what + ": " + buf;
}

}  // namespace bpfsh::runtime
