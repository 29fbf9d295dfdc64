#pragma once
// Where the REPL's lines come from: a terminal, with line editing
// (line_editor.h), or any other stdin read as it comes (plain_reader.h). The
// REPL polls fd() beside the session's events, so output streams while the
// user types.
#include <string>
#include <vector>

namespace bpfsh::repl {

struct LineInput {
  std::vector<std::string> lines;  // complete lines, without their '\n'
  bool eof = false;                // Ctrl-D, or the end of the input
};

class LineSource {
 public:
  virtual ~LineSource() = default;

  virtual int fd() const = 0;
  // Starts the next line under `prompt` (a terminal shows it).
  virtual void prompt(const std::string &prompt) = 0;
  // Called when fd() is readable; never blocks.
  virtual LineInput read() = 0;

  // Around output that arrives while a line is being typed: hide() takes the
  // prompt and the half-typed line off the screen, show() puts them back.
  virtual void hide() {}
  virtual void show() {}
  // Ctrl-C: drop the half-typed line; prompt() starts the next one.
  virtual void cancel() {}
  // Adds a line to the history.
  virtual void remember(const std::string &) {}
};

}  // namespace bpfsh::repl
