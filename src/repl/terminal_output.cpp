#include "repl/terminal_output.h"

#include <unistd.h>

#include <cerrno>

namespace bpfsh::repl {

TerminalOutput::TerminalOutput() {
  cookie_io_functions_t io{};
  io.write = &TerminalOutput::write_cookie;
  file_ = fopencookie(this, "w", io);
  if (file_) setvbuf(file_, nullptr, _IOFBF, 1 << 16);
}

TerminalOutput::~TerminalOutput() {
  if (file_) std::fclose(file_);
}

ssize_t TerminalOutput::write_cookie(void *self, const char *buf, size_t size) {
  auto *t = static_cast<TerminalOutput *>(self);
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::write(STDOUT_FILENO, buf + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  if (done > 0) t->at_line_start_ = buf[done - 1] == '\n';
  return static_cast<ssize_t>(done);
}

void TerminalOutput::end_line() {
  if (file_) std::fflush(file_);
  if (at_line_start_) return;
  std::fputc('\n', file_);
  std::fflush(file_);
}

}  // namespace bpfsh::repl
