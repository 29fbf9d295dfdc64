#include "parser/preprocess.h"

#include <cctype>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string_view>
#include <vector>

namespace bpfsh::parser {

namespace {

const std::set<std::string> kTwoCharOps = {"&&", "||", "==", "!=", "<=", ">="};

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string trim(const std::string &s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

class Preprocessor {
 public:
  Preprocessor(Diagnostics &diags, HeaderSource *headers, std::vector<Included> *included)
      : diags_(diags), headers_(headers), included_(included) {
    macros_["BPFTRACE_HAVE_BTF"].value = "1";
  }

  std::string run(const std::string &text) {
    limit_ = text.size() + kMaxGrowth;
    if (headers_)
      for (const auto &name : headers_->forced()) include_named(name, true, 0, false);
    lines(text);
    if (!conds_.empty())
      error(conds_.back().line, conds_.back().col, "unterminated #" + conds_.back().directive,
            conds_.back().directive.size());
    return out_;
  }

 private:
  // Appends `text`'s lines, preprocessed, to out_.
  void lines(const std::string &text) {
    std::istringstream in(text);
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
      if (!first) out_ += '\n';
      first = false;
      line_++;
      if (!process(line)) return;
    }
    if (!text.empty() && text.back() == '\n') out_ += '\n';
  }

  // One open #if/#ifdef/#ifndef: whether its current branch is taken, and
  // whether any branch so far was (so #elif/#else know).
  struct Cond {
    bool active, taken, seen_else;
    int line, col;
    std::string directive;
  };

  bool active() const { return conds_.empty() || conds_.back().active; }
  bool outer_active() const { return conds_.size() < 2 || conds_[conds_.size() - 2].active; }

  // Underlines the directive's name (`col` is where its '#' is).
  void error(int line, int col, const std::string &msg, size_t name_len) {
    last_ = &diags_.error(SourceRange{{line, col}, {line, col + static_cast<int>(name_len)}, file_}, msg);
  }
  void error(int line, int col, const std::string &msg) { error(line, col, msg, directive_.size()); }
  void hint(const std::string &h) { last_->hints.push_back(h); }

  // Appends what is left of `line` to the output; false when its macros
  // expand too far (reported).
  bool process(const std::string &line) {
    std::string t = trim(line);
    // A directive starts its line; "#!" is the lexer's (a shebang on the
    // first line, an error elsewhere).
    if (!in_comment_ && !t.empty() && t[0] == '#' && t.rfind("#!", 0) != 0) {
      directive(t, static_cast<int>(line.find('#')) + 1);
      return true;
    }
    if (!active()) return true;
    return expand(line, 0);
  }

  void directive(const std::string &t, int col) {
    size_t i = 1;
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) i++;
    size_t b = i;
    while (i < t.size() && ident_char(t[i])) i++;
    std::string name = t.substr(b, i - b);
    directive_ = name;
    std::string rest = trim(t.substr(i));
    if (auto c = rest.find("//"); c != std::string::npos) rest = trim(rest.substr(0, c));
    if (name == "ifdef" || name == "ifndef") {
      bool def = macros_.count(first_word(rest)) != 0;
      open(name, col, active() && (name == "ifdef" ? def : !def));
    } else if (name == "if") {
      open(name, col, active() && eval(rest, col));
    } else if (name == "elif" || name == "else") {
      if (conds_.empty() || conds_.back().seen_else) {
        error(line_, col, "#" + name + (conds_.empty() ? " without #if" : " after #else"));
        return;
      }
      Cond &c = conds_.back();
      bool take = outer_active() && !c.taken && (name == "else" || eval(rest, col));
      c.active = take;
      c.taken = c.taken || take;
      c.seen_else = name == "else";
    } else if (name == "endif") {
      if (conds_.empty()) error(line_, col, "#endif without #if");
      else conds_.pop_back();
    } else if (!active()) {
      return;  // anything else in a skipped block is skipped unread, as in C
    } else if (name == "include") {
      include(rest, col);
    } else if (name == "define") {
      define(rest, col);
    } else if (name == "undef") {
      macros_.erase(first_word(rest));
    } else if (name == "error") {
      error(line_, col, "#error " + rest);
    } else if (name == "pragma") {
      // No pragma changes how bpfsh compiles.
    } else {
      error(line_, col, "unknown preprocessor directive '#" + name + "'");
    }
  }

  // #include "name" or <name>.
  void include(const std::string &rest, int col) {
    if (!headers_) return;
    bool quoted = rest.size() > 2 && rest.front() == '"' && rest.back() == '"';
    bool angled = rest.size() > 2 && rest.front() == '<' && rest.back() == '>';
    if (!quoted && !angled) {
      error(line_, col, "#include expects \"FILE\" or <FILE>");
      return;
    }
    include_named(rest.substr(1, rest.size() - 2), quoted, col, quoted);
  }

  // A header not found adds nothing unless `must_exist` (#include "name",
  // the user's own): the kernel's headers, whose types come from BTF.
  // --include's names are looked for as quoted ones, and may be the kernel's.
  void include_named(const std::string &name, bool quoted, int col, bool must_exist) {
    std::vector<std::string> refused;
    const SourceFile *h = headers_->find(name, quoted, refused);
    for (const auto &why : refused)
      diags_.warning(SourceRange{{line_, col}, {line_, col + static_cast<int>(directive_.size())}, file_}, why);
    if (!h) {
      if (must_exist) error(line_, col, "'" + name + "' file not found");
      return;
    }
    if (!read_.insert(h).second) return;  // each header once, as include guards would
    if (depth_ >= kMaxIncludeDepth) {
      error(line_, col, "#include nested too deeply (at most " + std::to_string(kMaxIncludeDepth) + " levels)");
      return;
    }
    // The header's lines, preprocessed, go to an output of their own.
    std::string saved_out = std::move(out_);
    int saved_line = line_;
    const SourceFile *saved_file = file_;
    size_t saved_conds = conds_.size();
    out_.clear();
    line_ = 0;
    file_ = h;
    depth_++;
    lines(h->text);
    depth_--;
    if (conds_.size() > saved_conds)
      error(conds_.back().line, conds_.back().col, "unterminated #" + conds_.back().directive,
            conds_.back().directive.size());
    conds_.resize(saved_conds);
    if (included_) included_->push_back({h, std::move(out_)});
    out_ = std::move(saved_out);
    line_ = saved_line;
    file_ = saved_file;
  }

  static std::string first_word(const std::string &s) {
    size_t e = 0;
    while (e < s.size() && ident_char(s[e])) e++;
    return s.substr(0, e);
  }

  void open(const std::string &directive, int col, bool take) {
    conds_.push_back(Cond{take, take, false, line_, col, directive});
  }

  void define(const std::string &rest, int col) {
    std::string name = first_word(rest);
    if (name.empty() || !ident_start(name[0])) {
      error(line_, col, "#define needs a macro name");
      return;
    }
    if (name.size() < rest.size() && rest[name.size()] == '(') {
      error(line_, col, "function-like C macros are not supported: #define " + name + "(...)");
      hint("write it as a bpftrace macro: macro " + name + "($x) { ... }");
      return;
    }
    std::string value = trim(rest.substr(name.size()));
    if (auto c = value.find("/*"); c != std::string::npos) value = trim(value.substr(0, c));
    macros_[name].value = value;
  }

  // Appends `text` with macro names outside strings and comments replaced by
  // their values, again within a value, but never a macro inside its own
  // expansion. Text is appended where it ends up, never copied up through
  // the levels, and bounded: false (reported at the macro the line names)
  // once macros have added more than kMaxGrowth or nest kMaxDepth deep.
  bool expand(const std::string &text, int depth) {
    for (size_t i = 0; i < text.size();) {
      char c = text[i];
      if (in_comment_) {
        size_t e = text.find("*/", i);
        size_t stop = e == std::string::npos ? text.size() : e + 2;
        out_.append(text, i, stop - i);
        if (e != std::string::npos) in_comment_ = false;
        i = stop;
      } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
        out_.append(text, i);
        break;
      } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
        in_comment_ = true;
        out_ += "/*";
        i += 2;
      } else if (c == '"') {
        size_t j = i + 1;
        while (j < text.size() && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
        j = std::min(j + 1, text.size());
        out_.append(text, i, j - i);
        i = j;
      } else if (ident_start(c) && (i == 0 || (!ident_char(text[i - 1]) && text[i - 1] != '$' && text[i - 1] != '@'))) {
        size_t j = i;
        while (j < text.size() && ident_char(text[j])) j++;
        std::string_view word(text.data() + i, j - i);
        if (depth == 0) use_ = {static_cast<int>(i) + 1, static_cast<int>(j)};
        if (!expand_word(word, depth)) return false;
        i = j;
      } else {
        out_ += c;
        i++;
      }
    }
    if (out_.size() > limit_) return too_large("macros may add at most 1 MiB to the script");
    return true;
  }

  bool expand_word(std::string_view word, int depth) {
    auto m = macros_.find(word);
    if (m == macros_.end() || m->second.hidden) {
      out_ += word;
      return true;
    }
    if (depth >= kMaxDepth)
      return too_large("macros may expand inside one another at most " + std::to_string(kMaxDepth) + " levels deep");
    bool saved = in_comment_;
    m->second.hidden = true;
    bool ok = expand(m->second.value, depth + 1);
    m->second.hidden = false;
    in_comment_ = saved;
    return ok;
  }

  bool too_large(const std::string &why) {
    last_ = &diags_.error(SourceRange{{line_, use_.first}, {line_, use_.second}, file_}, "macro expansion too large");
    hint(why);
    return false;
  }

  // #if's expression: integers, macro names, defined(X), ! && || == != < >
  // <= >= and parentheses. An unknown name is 0, as in C.
  bool eval(const std::string &expr, int col) {
    toks_.clear();
    pos_ = 0;
    for (size_t i = 0; i < expr.size();) {
      char c = expr[i];
      if (std::isspace(static_cast<unsigned char>(c))) {
        i++;
      } else if (ident_char(c)) {
        size_t j = i;
        while (j < expr.size() && ident_char(expr[j])) j++;
        toks_.push_back(expr.substr(i, j - i));
        i = j;
      } else if (i + 1 < expr.size() && kTwoCharOps.count(expr.substr(i, 2))) {
        toks_.push_back(expr.substr(i, 2));
        i += 2;
      } else {
        toks_.push_back(std::string(1, c));
        i++;
      }
    }
    bad_ = false;
    long v = parse_or();
    if (bad_ || pos_ != toks_.size()) {
      error(line_, col, "can not evaluate #if " + expr);
      return false;
    }
    return v != 0;
  }

  std::string peek() const { return pos_ < toks_.size() ? toks_[pos_] : ""; }
  bool take(const std::string &t) {
    if (peek() != t) return false;
    pos_++;
    return true;
  }

  long parse_or() {
    long v = parse_and();
    while (take("||")) v = parse_and() || v;
    return v;
  }
  long parse_and() {
    long v = parse_cmp();
    while (take("&&")) v = parse_cmp() && v;
    return v;
  }
  long parse_cmp() {
    long v = parse_unary();
    for (;;) {
      if (take("==")) v = v == parse_unary();
      else if (take("!=")) v = v != parse_unary();
      else if (take("<=")) v = v <= parse_unary();
      else if (take(">=")) v = v >= parse_unary();
      else if (take("<")) v = v < parse_unary();
      else if (take(">")) v = v > parse_unary();
      else return v;
    }
  }
  long parse_unary() {
    if (take("!")) return !parse_unary();
    if (take("(")) {
      long v = parse_or();
      if (!take(")")) bad_ = true;
      return v;
    }
    std::string t = peek();
    if (t.empty()) {
      bad_ = true;
      return 0;
    }
    pos_++;
    if (t == "defined") {
      bool paren = take("(");
      std::string name = peek();
      pos_++;
      if (paren && !take(")")) bad_ = true;
      return macros_.count(name) != 0;
    }
    if (std::isdigit(static_cast<unsigned char>(t[0]))) return std::strtol(t.c_str(), nullptr, 0);
    if (!ident_start(t[0])) {
      bad_ = true;
      return 0;
    }
    auto m = macros_.find(t);
    return m == macros_.end() ? 0 : std::strtol(m->second.value.c_str(), nullptr, 0);
  }

  static constexpr size_t kMaxGrowth = 1 << 20;
  static constexpr int kMaxDepth = 1000;
  static constexpr int kMaxIncludeDepth = 32;

  Diagnostics &diags_;
  HeaderSource *headers_;
  std::vector<Included> *included_;
  const SourceFile *file_ = nullptr;  // the header being read; null: the script
  std::set<const SourceFile *> read_;
  int depth_ = 0;
  Diagnostic *last_ = nullptr;  // the error just reported, for its hints
  std::string out_;
  size_t limit_ = 0;               // the output's size at most: the script's and kMaxGrowth
  std::pair<int, int> use_{1, 1};  // the columns of the line's last macro name, for errors
  struct Macro {
    std::string value;
    bool hidden = false;  // being expanded: it does not expand again inside
  };
  // Looked up by views of the text: a doubling macro is looked up once per
  // word of a megabyte, without a string made for each.
  std::map<std::string, Macro, std::less<>> macros_;
  std::vector<Cond> conds_;
  std::string directive_;  // the one being read
  int line_ = 0;
  bool in_comment_ = false;
  std::vector<std::string> toks_;
  size_t pos_ = 0;
  bool bad_ = false;
};

}  // namespace

std::string preprocess(const std::string &text, Diagnostics &diags, HeaderSource *headers,
                       std::vector<Included> *included) {
  return Preprocessor(diags, headers, included).run(text);
}

}  // namespace bpfsh::parser
