#include "common/diag.h"

#include <sstream>

namespace bpfsh {

Diagnostic &Diagnostics::error(SourceRange r, std::string msg) {
  items_.push_back({Severity::Error, r, std::move(msg), {}, true});
  return items_.back();
}

Diagnostic &Diagnostics::warning(SourceRange r, std::string msg) {
  items_.push_back({Severity::Warning, r, std::move(msg), {}, true});
  return items_.back();
}

Diagnostic &Diagnostics::error_unlocated(std::string msg) {
  items_.push_back({Severity::Error, {}, std::move(msg), {}, false});
  return items_.back();
}

Diagnostic &Diagnostics::add(Diagnostic d) {
  items_.push_back(std::move(d));
  return items_.back();
}

void Diagnostics::append(const Diagnostics &other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const {
  for (auto &d : items_)
    if (d.severity == Severity::Error) return true;
  return false;
}

void Diagnostics::render(std::ostream &out, const SourceFile &src) const {
  for (auto &d : items_) out << render_diagnostic(d, src);
}

std::string render_diagnostic(const Diagnostic &d, const SourceFile &src) {
  std::ostringstream out;
  const char *label = d.severity == Severity::Error ? "ERROR" : "WARNING";
  if (!d.located) {
    out << label << ": " << d.message << "\n";
  } else {
    const Loc &b = d.range.begin, &e = d.range.end;
    out << src.name << ":" << b.line << ":" << b.col;
    if (e.line == b.line && e.col > b.col) out << "-" << e.col;
    out << ": " << label << ": " << d.message << "\n";
    std::string_view line = src.line(b.line);
    out << line << "\n";
    int last = e.line == b.line ? e.col : static_cast<int>(line.size());
    if (last < b.col) last = b.col;
    // Tabs stay tabs so the underline lines up in any terminal.
    for (int c = 1; c < b.col; c++) {
      bool tab = c - 1 < static_cast<int>(line.size()) && line[c - 1] == '\t';
      out << (tab ? '\t' : ' ');
    }
    for (int c = b.col; c <= last; c++) out << '~';
    out << "\n";
  }
  for (auto &h : d.hints) out << "HINT: " << h << "\n";
  return out.str();
}

}  // namespace bpfsh
