#pragma once
// Runtime errors are values: a message that names its subject first, e.g.
// "probe 'tracepoint:a:b': failed to attach: No such file or directory".
#include <expected>
#include <string>

namespace bpfsh::runtime {

template <class T>
using Result = std::expected<T, std::string>;

inline std::unexpected<std::string> fail(std::string msg) {
  return std::unexpected<std::string>(std::move(msg));
}

// "<subject>: <what>: <strerror(err)>"
std::string errno_message(const std::string &subject, const std::string &what, int err);

}  // namespace bpfsh::runtime
