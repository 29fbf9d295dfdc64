#pragma once
// Internal to the REPL: the state of one run, split over repl.cpp (the
// loop and entries) and repl_commands.cpp (the dot-commands).
#include <memory>
#include <string>

#include "repl/command.h"
#include "repl/completion_sources.h"
#include "repl/input.h"
#include "repl/interrupts.h"
#include "repl/line_source.h"
#include "repl/live_session.h"
#include "repl/repl.h"
#include "repl/terminal_output.h"

namespace bpfsh::repl {

class Repl {
 public:
  explicit Repl(const ReplOptions &opts);
  int run();

 private:
  void wait_and_handle();
  void handle_line(const std::string &line);
  void handle_entry(Input &in);
  void add_probes(ast::Context &ctx);
  void show_events();
  void next_prompt();

  // repl_commands.cpp
  void run_command(const std::string &text);
  void list_probes();
  void list_maps();
  void detach(const std::string &arg);
  void map_op(const Command &c);
  void save(const std::string &path);
  void load(const std::string &path);
  void load_source(const std::string &name, const std::string &text);

  ReplOptions opts_;
  Interrupts signals_;  // first: Ctrl-C never kills the REPL from here on
  bool tty_;
  std::unique_ptr<TerminalOutput> term_;  // on a terminal only
  LiveSession live_;
  LiveSources sources_;
  std::unique_ptr<LineSource> in_;
  std::string pending_;  // the lines of an unfinished entry
  bool done_ = false;
};

// "ERROR: msg" on stderr, like every other error.
void print_error(const std::string &msg);

}  // namespace bpfsh::repl
