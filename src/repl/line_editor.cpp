#include "repl/line_editor.h"

#include <histedit.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace bpfsh::repl {

namespace {

class LineEditor : public LineSource {
 public:
  LineEditor(std::string history_path, Completer completer)
      : history_path_(std::move(history_path)), completer_(std::move(completer)) {
    hist_ = history_init();
    HistEvent ev;
    history(hist_, &ev, H_SETSIZE, 1000);
    history(hist_, &ev, H_SETUNIQUE, 1);
    if (!history_path_.empty()) history(hist_, &ev, H_LOAD, history_path_.c_str());
    el_ = el_init("bpfsh", stdin, stdout, stderr);
    el_set(el_, EL_CLIENTDATA, this);
    el_set(el_, EL_EDITOR, "emacs");
    el_set(el_, EL_PROMPT, &LineEditor::prompt_text);
    el_set(el_, EL_HIST, history, hist_);
    // The wide call: libedit's narrow EL_ADDFN copies both strings and
    // never frees the copies (a leak its own source owns up to).
    el_wset(el_, EL_ADDFN, L"bpfsh-complete", L"complete the word before the cursor", &LineEditor::complete);
    el_set(el_, EL_BIND, "^I", "bpfsh-complete", nullptr);
  }

  ~LineEditor() override {
    end_line();
    HistEvent ev;
    if (!history_path_.empty()) history(hist_, &ev, H_SAVE, history_path_.c_str());
    el_end(el_);
    history_end(hist_);
  }

  int fd() const override { return STDIN_FILENO; }

  void prompt(const std::string &p) override {
    end_line();
    prompt_ = p;
    active_ = true;
    el_set(el_, EL_UNBUFFERED, 1);  // raw mode, a fresh line, the prompt drawn
  }

  LineInput read() override {
    LineInput in;
    if (!active_) return in;
    // Called because poll() saw the terminal readable: nothing to read
    // then means it went away. el_gets() can not say so itself: in
    // unbuffered mode it returns null and -1 both for a read that failed
    // and for a key that left the line empty (Backspace, Ctrl-U, Ctrl-W,
    // Ctrl-L), and that line is still being edited.
    int waiting = 0;
    if (ioctl(fd(), FIONREAD, &waiting) < 0 || waiting == 0) {
      end_line();
      in.eof = true;
      return in;
    }
    int count = 0;
    const char *buf = el_gets(el_, &count);
    if (!buf) return in;
    if (count == 1 && buf[0] == '\x04') {  // Ctrl-D on an empty line
      end_line();
      std::fputc('\n', stdout);
      in.eof = true;
    } else if (count > 0 && buf[count - 1] == '\n') {
      in.lines.emplace_back(buf, static_cast<size_t>(count - 1));
      end_line();
    }
    return in;
  }

  void hide() override {
    if (!active_) return;
    // Up to the first row of the prompt, then clear to the end of the screen.
    const LineInfo *li = el_line(el_);
    int cols = 80;
    el_get(el_, EL_GETTC, "co", &cols);
    size_t col = prompt_.size() + static_cast<size_t>(li->cursor - li->buffer);
    size_t rows = cols > 0 ? col / static_cast<size_t>(cols) : 0;
    if (rows > 0) std::fprintf(stdout, "\033[%zuA", rows);
    std::fputs("\r\033[J", stdout);
    std::fflush(stdout);
    el_set(el_, EL_PREP_TERM, 0);
  }

  void show() override {
    if (!active_) return;
    el_set(el_, EL_PREP_TERM, 1);
    el_set(el_, EL_REFRESH);
  }

  void cancel() override {
    if (!active_) return;
    end_line();
    std::fputs("^C\n", stdout);
    std::fflush(stdout);
  }

  void remember(const std::string &line) override {
    if (line.find_first_not_of(" \t") == std::string::npos) return;
    HistEvent ev;
    history(hist_, &ev, H_ENTER, line.c_str());
  }

 private:
  // Back to cooked mode with no line in progress.
  void end_line() {
    if (!active_) return;
    active_ = false;
    el_set(el_, EL_UNBUFFERED, 0);
  }

  static LineEditor *self(EditLine *el) {
    void *p = nullptr;
    el_get(el, EL_CLIENTDATA, &p);
    return static_cast<LineEditor *>(p);
  }

  static char *prompt_text(EditLine *el) { return self(el)->prompt_.data(); }

  static unsigned char complete(EditLine *el, int) {
    LineEditor *ed = self(el);
    const LineInfo *li = el_line(el);
    std::string before(li->buffer, li->cursor);
    Completion c = ed->completer_(before);
    if (c.candidates.empty()) return CC_REFRESH_BEEP;
    std::string word = before.substr(std::min(c.start, before.size()));
    std::string common = common_prefix(c.candidates);
    if (c.candidates.size() == 1) common += ends_word(common) ? " " : "";
    if (common.size() > word.size() || c.candidates.size() == 1) {
      el_deletestr(el, static_cast<int>(word.size()));
      el_insertstr(el, common.c_str());
      return CC_REFRESH;
    }
    ed->list(c.candidates);
    return CC_REDISPLAY;
  }

  // The candidates in columns under the line; libedit redraws the line after.
  void list(const std::vector<std::string> &candidates) {
    int cols = 80;
    el_get(el_, EL_GETTC, "co", &cols);
    size_t width = 0;
    for (const auto &c : candidates) width = std::max(width, c.size() + 2);
    size_t per_row = std::max<size_t>(1, static_cast<size_t>(cols) / width);
    const size_t shown = std::min<size_t>(candidates.size(), 200);
    std::fputs("\r\n", stdout);
    for (size_t i = 0; i < shown; i++) {
      bool last_in_row = (i + 1) % per_row == 0 || i + 1 == shown;
      if (last_in_row)
        std::fprintf(stdout, "%s\r\n", candidates[i].c_str());
      else
        std::fprintf(stdout, "%-*s", static_cast<int>(width), candidates[i].c_str());
    }
    if (shown < candidates.size()) std::fprintf(stdout, "(%zu more)\r\n", candidates.size() - shown);
    std::fflush(stdout);
  }

  std::string history_path_;
  Completer completer_;
  EditLine *el_ = nullptr;
  History *hist_ = nullptr;
  std::string prompt_;
  bool active_ = false;  // a line is being edited (raw mode, prompt shown)
};

}  // namespace

std::unique_ptr<LineSource> make_line_editor(const std::string &history_path, Completer completer) {
  return std::make_unique<LineEditor>(history_path, std::move(completer));
}

}  // namespace bpfsh::repl
