#pragma once
// Diagnostics are collected by every stage and rendered once by the driver
// (cli or repl), in bpftrace's layout so users' habits carry over:
//   file:LINE:COL-COL: ERROR: message
//   <source line>
//   <~~~~ underline>
//   HINT: hint
#include <ostream>
#include <string>
#include <vector>

#include "common/source.h"

namespace bpfsh {

enum class Severity { Error, Warning };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceRange range;
  std::string message;
  std::vector<std::string> hints;
  bool located = true;  // false for errors that have no place in the source
  // Not empty: the diagnostic as a later stage rendered it (the runtime's
  // errors that point into the script), printed as it is.
  std::string rendered;
};

class Diagnostics {
 public:
  Diagnostic &error(SourceRange r, std::string msg);
  Diagnostic &warning(SourceRange r, std::string msg);
  Diagnostic &error_unlocated(std::string msg);
  // Takes over diagnostics another stage or a trial check collected.
  Diagnostic &add(Diagnostic d);
  void append(const Diagnostics &other);

  bool has_errors() const;
  const std::vector<Diagnostic> &all() const { return items_; }
  void clear() { items_.clear(); }

  void render(std::ostream &out, const SourceFile &src) const;

 private:
  std::vector<Diagnostic> items_;
};

// One diagnostic, rendered; exposed for tests and the REPL.
std::string render_diagnostic(const Diagnostic &d, const SourceFile &src);

}  // namespace bpfsh
