#pragma once
// Lines from a terminal, edited with libedit: emacs keys, history kept in a
// file across sessions, and Tab completion.
//
// libedit runs unbuffered (EL_UNBUFFERED): each read() hands it the bytes
// that arrived, so the REPL's poll loop never blocks inside the editor and
// can print events in between (hide/show erase and redraw the prompt and the
// half-typed line around them).
#include <functional>
#include <memory>
#include <string>

#include "repl/completion.h"
#include "repl/line_source.h"

namespace bpfsh::repl {

// Completes the current line, given the text before the cursor.
using Completer = std::function<Completion(const std::string &before_cursor)>;

// history_path "" keeps no history file.
std::unique_ptr<LineSource> make_line_editor(const std::string &history_path, Completer completer);

}  // namespace bpfsh::repl
