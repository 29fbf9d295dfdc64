#pragma once
// Formats the value model for people (text, bpftrace's layout) or programs
// (json, one object per line, as `bpftrace -f json`). The render_* functions
// are pure so tests can check exact strings; Output writes them to a FILE.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/value.h"

namespace bpfsh::runtime::output {

enum class Format { Text, Json };

// A message a probe raises at run time, tied to the call in the script that
// raised it: errorf(), warnf(), a failed helper call under -k, or a map
// update refused because the map was full (said once per place, at exit).
struct RuntimeMessage {
  enum class Kind { Errorf, Warnf, HelperError };
  Kind kind = Kind::Warnf;
  std::string msg;          // errorf/warnf: the formatted text; helper: strerror(-retcode)
  std::string helper;       // HelperError: "probe_read", "map_update_elem", ...
  int64_t retcode = 0;      // HelperError
  std::string filename;     // "stdin" for -e
  int line = 0, col = 0;
  std::string text;         // the whole text form, as bpftrace prints it on stderr
};

class Output {
 public:
  explicit Output(std::FILE *out) : out_(out) {}
  virtual ~Output() = default;
  Output(const Output &) = delete;
  Output &operator=(const Output &) = delete;

  virtual void printf(std::string_view text) = 0;
  // Prints nothing for an empty map. top > 0 keeps the last `top` entries of
  // the sorted order; div > 0 divides each printed value.
  virtual void map(MapView m, uint64_t top = 0, uint64_t div = 0) = 0;
  virtual void value(const Value &v) = 0;
  virtual void cat(std::string_view text) = 0;
  virtual void attached_probes(size_t n) = 0;
  virtual void time(std::string_view text) = 0;     // time(): the formatted wall clock
  virtual void join(std::string_view text) = 0;     // join(): the joined strings
  virtual void syscall(std::string_view text) = 0;  // system(): the command's output
  // Ring-buffer records the kernel dropped; text says so on stderr.
  virtual void lost_events(uint64_t n) = 0;
  // At exit, every lost_events() added up, so a user sees at once how much
  // of the stream is missing: bpftrace v0.26's warning on stderr; json also
  // writes it as the output's last record before the maps.
  virtual void lost_events_total(uint64_t n) = 0;
  // Text writes msg.text on stderr; json writes one object on the output.
  virtual void message(const RuntimeMessage &msg) = 0;
  // The run is over and the maps print next: text writes bpftrace's two
  // newlines, whether maps follow or not; json nothing.
  virtual void end() = 0;

  std::FILE *file() const { return out_; }
  void flush() {
    if (std::fflush(out_) != 0) note_error();
  }
  // The errno of the first write or flush that failed (a full disk, a
  // /proc file refusing it); 0 while every one succeeded.
  int write_error() const { return error_; }

 protected:
  void write(std::string_view s) {
    if (std::fwrite(s.data(), 1, s.size(), out_) != s.size()) note_error();
  }
  std::FILE *out_;

 private:
  void note_error() {
    if (!error_) error_ = errno ? errno : EIO;
  }
  int error_ = 0;
};

// folded_stacks: text output prints maps keyed by stacks as folded stacks.
std::unique_ptr<Output> make_output(Format f, std::FILE *out, bool folded_stacks = false);

// Text: "@x[1, a]: 5\n", hist blocks, "@st: { .count = 1, ... }\n", as
// bpftrace v0.26 prints them: a blank line ends each histogram, none ends the
// other maps.
std::string render_text_map(MapView m, uint64_t top = 0, uint64_t div = 0);
std::string render_text_value(const Value &v);  // "(1, two, 3)", no newline

// Folded (collapsed) stacks, the input of flame graph tools: one line per
// entry, "frame;frame;frame count", root first. Other key parts come first,
// then user stacks, then kernel stacks, each without offsets. Maps fold when
// a stack is (part of) their key and their values are integers.
bool is_foldable(const artifact::MapSpec &spec);
std::string render_folded_map(MapView m, uint64_t top = 0, uint64_t div = 0);

// Json: one line each, ending in "\n".
std::string render_json_map(MapView m, uint64_t top = 0, uint64_t div = 0);
std::string render_json_value(const Value &v);
std::string render_json_printf(std::string_view text);
std::string render_json_cat(std::string_view text);
std::string render_json_attached(size_t n);
std::string render_json_time(std::string_view text);
std::string render_json_join(std::string_view text);
std::string render_json_syscall(std::string_view text);
std::string render_json_lost(uint64_t n);
std::string render_json_lost_total(uint64_t n);
// "Total lost event count: N", bpftrace's words.
std::string lost_total_text(uint64_t n);
std::string render_json_message(const RuntimeMessage &m);
// A json string: quotes, backslashes and control bytes escaped as bpftrace
// does; bytes that are not UTF-8 become U+FFFD so the line stays json.
std::string json_quote(std::string_view s);

}  // namespace bpfsh::runtime::output
