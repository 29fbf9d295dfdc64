#pragma once
// Tab completion, as a pure function of the text before the cursor and a
// few lists (CompletionSources), so tests can check it with fixed lists.
//
// Where the cursor is decides what is offered:
//   .co|               dot-commands;  .print @|   maps;  .detach |  block ids
//   tr|                probe providers ("tracepoint:", "BEGIN", ...)
//   tracepoint:sys|    tracepoint categories, then events (tracefs)
//   uprobe:/bin/ba|    files, then uprobe:/bin/bash:re|  the binary's functions
//   { @|  { $|         maps, scratch variables seen so far; at the prompt
//   @|  print(@|       too, outside a block (no attach point holds '@' or '$')
//   { co|              builtins and functions
//   { args.|           the fields of the block's tracepoint (its struct's members)
//   { curtask->|       members of the struct on the left, when its type is
//                      known: curtask, casts ((struct x *)e)->, and chains
//                      of members after them (curtask->real_parent->)
#include <string>
#include <vector>

namespace bpfsh::repl {

class CompletionSources {
 public:
  virtual ~CompletionSources() = default;
  virtual std::vector<std::string> tracepoints() const = 0;  // "category:event"
  virtual std::vector<std::string> tracepoint_fields(const std::string &category,
                                                     const std::string &event) const = 0;
  virtual std::vector<std::string> functions(const std::string &binary) const = 0;
  // Files and directories whose path starts with prefix; directories end in '/'.
  virtual std::vector<std::string> paths(const std::string &prefix) const = 0;
  virtual std::vector<std::string> maps() const = 0;       // "@x"
  virtual std::vector<std::string> variables() const = 0;  // "$x"
  virtual std::vector<std::string> block_ids() const = 0;  // "1", "2"
  // The members of the record reached from a value of C type `root` ("struct
  // task_struct *") through the members `path`; empty when not a record.
  virtual std::vector<std::string> members(const std::string &root, const std::vector<std::string> &path) const {
    (void)root, (void)path;
    return {};
  }
};

struct Completion {
  size_t start = 0;                     // where the word being completed starts in the line
  std::vector<std::string> candidates;  // sorted, unique; each replaces the word
};

// `pending`: the earlier lines of this entry, joined by '\n' ("" on the first
// line); `line`: the current line up to the cursor.
Completion complete(const std::string &pending, const std::string &line, const CompletionSources &src);

// The longest prefix all candidates share.
std::string common_prefix(const std::vector<std::string> &candidates);

// Whether a lone completed word should be followed by a space: not after
// "tracepoint:", "dir/" or "printf(", where more of the word follows.
bool ends_word(const std::string &candidate);

}  // namespace bpfsh::repl
