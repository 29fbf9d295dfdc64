// tracefs discovery and the parsers of its text files.
#include "host/tracefs.h"

#include <sys/mount.h>
#include <sys/stat.h>

#include <regex>
#include <sstream>

namespace bpfsh::host {

static bool is_dir(const std::string &p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::optional<std::string> find_tracefs() {
  for (const char *cand : {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"})
    if (is_dir(std::string(cand) + "/events")) return std::string(cand);
  return std::nullopt;
}

std::string mount_tracefs() {
  if (auto root = find_tracefs()) return *root;
  // Like `mount -t tracefs nodev /sys/kernel/tracing`; failure shows up later
  // as tracepoints that cannot be found.
  mount("nodev", "/sys/kernel/tracing", "tracefs", 0, nullptr);
  return "/sys/kernel/tracing";
}

std::vector<std::string> parse_event_list(const std::string &text) {
  std::vector<std::string> v;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) v.push_back(line);
  return v;
}

// "__data_loc char[] filename": the name follows the "[]".
static bool parse_data_loc(const std::string &decl, TracepointField &f) {
  auto close = decl.find(']');
  if (close == std::string::npos) return false;
  auto name = decl.find_first_not_of(' ', close + 1);
  if (name == std::string::npos) return false;
  f.is_data_loc = true;
  f.c_type = decl.substr(sizeof("__data_loc ") - 1, close + 1 - (sizeof("__data_loc ") - 1));
  f.name = decl.substr(name);
  return true;
}

// A format line looks like:
//   field:const char * filename;	offset:24;	size:8;	signed:0;
std::vector<TracepointField> parse_format(const std::string &text) {
  static const std::regex line_re(
      R"(field:([^;]*);\s*offset:(\d+);\s*size:(\d+);\s*signed:(\d+);)");
  std::vector<TracepointField> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, line_re)) continue;
    std::string decl = m[1];
    TracepointField f;
    f.offset = std::stoul(m[2]);
    f.size = std::stoul(m[3]);
    f.is_signed = m[4] == "1";
    if (decl.rfind("__data_loc ", 0) == 0) {
      if (parse_data_loc(decl, f)) out.push_back(f);
      continue;
    }
    // Split "type name[N]" into its type and name.
    auto bracket = decl.find('[');
    std::string head = bracket == std::string::npos ? decl : decl.substr(0, bracket);
    while (!head.empty() && head.back() == ' ') head.pop_back();
    auto sp = head.find_last_of(" *");
    f.name = sp == std::string::npos ? head : head.substr(sp + 1);
    std::string type = sp == std::string::npos ? "" : head.substr(0, sp + 1);
    while (!type.empty() && type.back() == ' ') type.pop_back();
    f.is_array = bracket != std::string::npos;
    f.is_pointer = !type.empty() && type.back() == '*';
    f.c_type = f.is_array ? type + decl.substr(bracket) : type;
    if (f.name.rfind("common_", 0) == 0) continue;
    out.push_back(f);
  }
  return out;
}

}  // namespace bpfsh::host
