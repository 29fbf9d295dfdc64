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

// An error that points into the script comes rendered in the diagnostic
// layout: "file:L:C-C: ERROR: message", the source line, its underline and
// hints (the loader's verifier rejections). is_rendered() tells which kind
// an error is; error_text() is either as printed, newline included.
bool is_rendered(const std::string &msg);
std::string error_text(const std::string &msg);

}  // namespace bpfsh::runtime
