#pragma once
// The session's output on a terminal where the user is also typing: a FILE
// that writes to stdout and remembers whether the last byte ended a line, so
// the REPL can end a half-printed line (a printf without "\n") before it
// redraws the prompt under it.
#include <cstdio>

namespace bpfsh::repl {

class TerminalOutput {
 public:
  TerminalOutput();
  ~TerminalOutput();
  TerminalOutput(const TerminalOutput &) = delete;
  TerminalOutput &operator=(const TerminalOutput &) = delete;

  std::FILE *file() const { return file_; }
  // Writes "\n" if the output so far stopped mid-line.
  void end_line();

 private:
  static ssize_t write_cookie(void *self, const char *buf, size_t size);
  std::FILE *file_ = nullptr;
  bool at_line_start_ = true;
};

}  // namespace bpfsh::repl
