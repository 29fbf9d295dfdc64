#include "common/diag.h"

#include <algorithm>
#include <sstream>

namespace bpfsh {

Diagnostic &Diagnostics::error(SourceRange r, std::string msg) {
  items_.push_back({Severity::Error, r, std::move(msg), {}, true, {}});
  return items_.back();
}

Diagnostic &Diagnostics::warning(SourceRange r, std::string msg) {
  items_.push_back({Severity::Warning, r, std::move(msg), {}, true, {}});
  return items_.back();
}

Diagnostic &Diagnostics::error_unlocated(std::string msg) {
  items_.push_back({Severity::Error, {}, std::move(msg), {}, false, {}});
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

namespace {

// A source line longer than this is echoed only around the error, with
// "..." where it was cut (a 10,000-character line would otherwise be
// printed whole, with as many tildes).
constexpr size_t kMaxEchoed = 160;

// The line (or the part of it around columns b..last, 1-based) and its
// underline.
void echo_line(std::ostream &out, std::string_view line, int b, int last) {
  size_t first = 0, len = line.size();
  if (line.size() > kMaxEchoed) {
    size_t at = static_cast<size_t>(b - 1);
    first = at > kMaxEchoed / 4 ? at - kMaxEchoed / 4 : 0;
    first = std::min(first, line.size() - kMaxEchoed);
    len = kMaxEchoed;
    last = std::min(last, std::max(b, static_cast<int>(first + len)));
  }
  bool cut_left = first > 0, cut_right = first + len < line.size();
  out << (cut_left ? "..." : "") << line.substr(first, len) << (cut_right ? "..." : "") << "\n";
  if (cut_left) out << "   ";
  // Tabs stay tabs so the underline lines up in any terminal.
  for (int c = static_cast<int>(first) + 1; c < b; c++) {
    bool tab = c - 1 < static_cast<int>(line.size()) && line[c - 1] == '\t';
    out << (tab ? '\t' : ' ');
  }
  for (int c = b; c <= last; c++) out << '~';
  out << "\n";
}

// A line echoed whole, cut at kMaxEchoed.
void echo_text(std::ostream &out, std::string_view line) {
  out << line.substr(0, kMaxEchoed) << (line.size() > kMaxEchoed ? "..." : "") << "\n";
}

}  // namespace

std::string render_diagnostic(const Diagnostic &d, const SourceFile &src) {
  if (!d.rendered.empty()) return d.rendered;
  std::ostringstream out;
  const char *label = d.severity == Severity::Error ? "ERROR" : "WARNING";
  if (!d.located) {
    out << label << ": " << d.message << "\n";
  } else {
    const Loc &b = d.range.begin, &e = d.range.end;
    const SourceFile &f = d.range.file ? *d.range.file : src;
    if (e.line > b.line) {
      // As bpftrace: a range over several lines names its lines and echoes
      // them all, with no underline.
      out << f.name << ":" << b.line << "-" << e.line << ": " << label << ": " << d.message << "\n";
      for (int l = b.line; l <= e.line; l++) echo_text(out, f.line(l));
    } else {
      // bpftrace prints the column after the range's end (bison's), even for
      // one character: 1:15-16 underlines column 15 alone.
      out << f.name << ":" << b.line << ":" << b.col << "-" << std::max(e.col, b.col) + 1;
      out << ": " << label << ": " << d.message << "\n";
      echo_line(out, f.line(b.line), b.col, std::max(e.col, b.col));
    }
  }
  for (auto &h : d.hints) out << "HINT: " << h << "\n";
  return out.str();
}

}  // namespace bpfsh
