#pragma once
// tracefs: where it is mounted, and the text of its tracepoint format files.
// Finding it never mounts it; mount_tracefs() is an explicit step for the
// command that is about to attach.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bpfsh::host {

// A tracepoint's field from tracefs' format file.
struct TracepointField {
  std::string name;
  std::string c_type;  // as declared: "const char *", "char[16]", "long"
  uint32_t offset = 0;
  uint32_t size = 0;
  bool is_signed = false;
  bool is_array = false;   // "char comm[16]"-like
  bool is_pointer = false;
  // "__data_loc char[] name": a u32 in the record whose low 16 bits are the
  // data's offset from the record's start and high 16 bits its length;
  // c_type is then the element type with "[]" ("char[]").
  bool is_data_loc = false;
};

// The mounted tracefs root ("/sys/kernel/tracing" or the debugfs one);
// nullopt when neither is mounted.
std::optional<std::string> find_tracefs();

// Mounts tracefs at /sys/kernel/tracing when no tracefs is mounted (tracepoint
// attach reads ids from it). Returns the root in use.
std::string mount_tracefs();

// Parses one format file's text; the common_* header fields are left out.
std::vector<TracepointField> parse_format(const std::string &text);

// available_events' lines: "category:event".
std::vector<std::string> parse_event_list(const std::string &text);

}  // namespace bpfsh::host
