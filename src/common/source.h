#pragma once
// A script's text and the positions inside it that every AST node carries.
#include <string>
#include <string_view>

namespace bpfsh {

// 1-based line and column; a column counts bytes.
struct Loc {
  int line = 1;
  int col = 1;
};

struct SourceFile;

// Inclusive on both ends, like the underline under it.
struct SourceRange {
  Loc begin;
  Loc end;
  // Set in a file `import` read: diagnostics there name and quote it.
  const SourceFile *file = nullptr;
};

struct SourceFile {
  std::string name;  // "stdin" for -e, as bpftrace prints it
  std::string text;

  // The text of 1-based line n, without its newline; empty when out of range.
  std::string_view line(int n) const;
};

}  // namespace bpfsh
