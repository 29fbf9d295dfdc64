#pragma once
// The values tokens and small grammar rules carry (parser.yy's %code
// requires includes this: Bison's variant types need them complete).
#include <cstdint>
#include <string>
#include <vector>

#include "ast/ast.h"

namespace bpfsh::parser {
struct ParseState;

// An integer literal as the lexer decoded it.
struct IntValue {
  uint64_t value = 0;
  bool is_unsigned = false;
};

// One enumerator: its name and value when the script gives one.
struct Enumerator {
  std::string name;
  bool has_value = false;
  int64_t value = 0;
  SourceRange range;
};

// One `name = value` of a record literal.
struct RecordField {
  std::string name;
  ast::Expr *value = nullptr;
};
}  // namespace bpfsh::parser
