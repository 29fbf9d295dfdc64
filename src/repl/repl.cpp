#include "repl/repl.h"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "repl/line_editor.h"
#include "repl/plain_reader.h"
#include "repl/repl_loop.h"

namespace bpfsh::repl {

namespace {

const char *const kPrompt = "bpfsh> ";
const char *const kContinuation = "   ... ";
// Only on a terminal: read line by line, the output is what the input asked for.
const char *const kHint = "Type .help for commands, Ctrl-D to quit.\n";

runtime::SessionOptions session_options(const ReplOptions &o, TerminalOutput *term) {
  runtime::SessionOptions so;
  so.format = o.format;
  so.out = term ? term->file() : stdout;
  so.verbose = o.verbose;
  so.symbolizer = o.symbolizer;
  so.quiet = true;
  return so;
}

std::string history_path() {
  const char *home = std::getenv("HOME");
  return home && *home ? std::string(home) + "/.bpfsh_history" : "";
}

}  // namespace

void print_error(const std::string &msg) { std::cerr << "ERROR: " << msg << "\n" << std::flush; }

Repl::Repl(const ReplOptions &opts)
    : opts_(opts),
      tty_(isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)),
      term_(tty_ ? std::make_unique<TerminalOutput>() : nullptr),
      live_(session_options(opts, term_.get()), opts.unsafe, *opts.host),
      sources_(live_, *opts.host) {
  if (!tty_) {
    in_ = make_plain_reader(STDIN_FILENO);
    return;
  }
  in_ = make_line_editor(history_path(), [this](const std::string &before) {
    return complete(pending_, before, sources_);
  });
}

void Repl::next_prompt() {
  if (term_) term_->end_line();
  in_->prompt(pending_.empty() ? kPrompt : kContinuation);
}

// Events that arrived while the user types: the prompt steps aside.
void Repl::show_events() {
  in_->hide();
  if (auto r = live_.session().poll(0); !r) print_error(r.error());
  if (term_) term_->end_line();
  in_->show();
}

void Repl::add_probes(ast::Context &ctx) {
  Diagnostics diags;
  auto ids = live_.add_probes(ctx, diags);
  diags.render(std::cerr, ctx.source);
  if (!ids) return;
  sources_.remember(ctx.program, {});
  for (const auto &row : live_.probes())
    if (std::find(ids->begin(), ids->end(), row.id) != ids->end())
      std::cerr << "[" << row.id << "] attached " << row.probe << "\n";
}

void Repl::handle_entry(Input &in) {
  switch (in.kind) {
    case InputKind::Empty:
    case InputKind::Incomplete:
      return;
    case InputKind::Command:
      return run_command(in.ctx->source.text);
    case InputKind::Probes:
      return add_probes(*in.ctx);
    case InputKind::Statements: {
      Diagnostics diags;
      if (live_.run_statements(*in.ctx, in.stmts, diags)) sources_.remember(nullptr, in.stmts);
      diags.render(std::cerr, in.ctx->source);
      return;
    }
    case InputKind::Error:
      in.diags.render(std::cerr, in.ctx->source);
      return;
  }
}

void Repl::handle_line(const std::string &line) {
  in_->remember(line);
  pending_ += (pending_.empty() ? "" : "\n") + line;
  Input in = parse_input(pending_);
  if (in.kind == InputKind::Incomplete) return;
  pending_.clear();
  handle_entry(in);
  std::cout << std::flush;
  if (auto r = live_.session().poll(0); !r) print_error(r.error());  // what BEGIN printed
}

void Repl::wait_and_handle() {
  pollfd fds[3] = {{in_->fd(), POLLIN, 0}, {live_.session().epoll_fd(), POLLIN, 0}, {signals_.fd(), POLLIN, 0}};
  if (poll(fds, 3, 200) < 0) return;
  if (fds[2].revents) {
    for (int sig : signals_.take()) {
      if (sig != SIGINT) {
        done_ = true;
        return;
      }
      // Ctrl-C: the line and any unfinished entry go; the session stays.
      in_->cancel();
      pending_.clear();
      next_prompt();
    }
  }
  if (fds[1].revents) show_events();
  if (fds[0].revents) {
    LineInput input = in_->read();
    for (const auto &line : input.lines) {
      handle_line(line);
      if (done_) return;
    }
    if (input.eof) {
      done_ = true;
      return;
    }
    if (!input.lines.empty()) next_prompt();
  }
  if (live_.session().should_stop()) done_ = true;
}

int Repl::run() {
  if (tty_) std::cerr << kHint << std::flush;
  if (!opts_.preload_text.empty()) load_source(opts_.preload_name, opts_.preload_text);
  next_prompt();
  while (!done_) wait_and_handle();
  if (term_) term_->end_line();
  auto r = live_.finish();
  if (!r) {
    print_error(r.error());
    return 1;
  }
  return 0;
}

int run_repl(const ReplOptions &opts) { return Repl(opts).run(); }

}  // namespace bpfsh::repl
