#pragma once
// Signals as readable bytes, for the REPL's poll loop. In the REPL, Ctrl-C
// (SIGINT) drops the line being typed and never ends the session; SIGTERM
// and SIGHUP end it like .quit. The previous handlers come back at the end.
#include <vector>

namespace bpfsh::repl {

class Interrupts {
 public:
  Interrupts();
  ~Interrupts();
  Interrupts(const Interrupts &) = delete;
  Interrupts &operator=(const Interrupts &) = delete;

  int fd() const;
  std::vector<int> take();  // the signals that arrived, oldest first
};

}  // namespace bpfsh::repl
