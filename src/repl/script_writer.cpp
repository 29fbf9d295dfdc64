#include "repl/script_writer.h"

#include <cctype>

namespace bpfsh::repl {

const char *const kSavedScriptHeader =
    "// Saved by the bpfsh REPL: the probe blocks that were attached, in the order they were added.";

namespace {

// Byte offset of (line, col), both 1-based; the text's size when past the end.
size_t offset_of(const std::string &text, Loc l) {
  size_t off = 0;
  for (int line = 1; line < l.line; line++) {
    size_t nl = text.find('\n', off);
    if (nl == std::string::npos) return text.size();
    off = nl + 1;
  }
  off += static_cast<size_t>(l.col - 1);
  return off > text.size() ? text.size() : off;
}

}  // namespace

std::string slice(const SourceFile &src, SourceRange r) {
  size_t begin = offset_of(src.text, r.begin);
  size_t end = offset_of(src.text, r.end);
  if (end < src.text.size()) end++;  // inclusive
  return begin < end ? src.text.substr(begin, end - begin) : std::string();
}

std::string render_script(const std::vector<std::string> &blocks) {
  std::string out = std::string(kSavedScriptHeader) + "\n";
  for (const auto &b : blocks) {
    size_t end = b.size();
    while (end > 0 && std::isspace(static_cast<unsigned char>(b[end - 1]))) end--;
    out += "\n" + b.substr(0, end) + "\n";
  }
  return out;
}

}  // namespace bpfsh::repl
