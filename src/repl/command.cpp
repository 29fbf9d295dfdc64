#include "repl/command.h"

#include <algorithm>
#include <cctype>

namespace bpfsh::repl {

const std::vector<CommandSpec> &commands() {
  static const std::vector<CommandSpec> table = {
      {".probes", CommandKind::Probes, ArgKind::None, ".probes", "list the attached probe blocks: id, probe, hits"},
      {".detach", CommandKind::Detach, ArgKind::BlockId, ".detach ID|all", "detach a probe block, or all of them"},
      {".maps", CommandKind::Maps, ArgKind::None, ".maps", "list the maps and their types"},
      {".print", CommandKind::Print, ArgKind::Map, ".print @map", "print a map"},
      {".clear", CommandKind::Clear, ArgKind::Map, ".clear @map", "delete every entry of a map"},
      {".zero", CommandKind::Zero, ArgKind::Map, ".zero @map", "set every value of a map to zero"},
      {".save", CommandKind::Save, ArgKind::File, ".save FILE", "write the attached blocks as a runnable script"},
      {".load", CommandKind::Load, ArgKind::File, ".load FILE", "attach the probes of a script"},
      {".format", CommandKind::Format, ArgKind::Format, ".format text|json", "the output format from now on"},
      {".help", CommandKind::Help, ArgKind::None, ".help", "this text"},
      {".quit", CommandKind::Quit, ArgKind::None, ".quit", "detach everything, print the maps and leave"},
  };
  return table;
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool is_block_id(std::string_view s) {
  if (s == "all") return true;
  if (s.empty() || s.size() > 9 || s[0] == '0') return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// map := "@" [ name ]
bool is_map_name(std::string_view s) {
  if (s.empty() || s[0] != '@') return false;
  for (char c : s.substr(1))
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

// Checks the argument against what the command takes; "" when it fits.
std::string check_arg(const CommandSpec &spec, std::string_view arg) {
  std::string usage = std::string("usage: ") + spec.usage;
  switch (spec.arg) {
    case ArgKind::None:
      return arg.empty() ? "" : std::string(spec.name) + " takes no argument";
    case ArgKind::BlockId:
      return is_block_id(arg) ? "" : usage;
    case ArgKind::Map:
      return is_map_name(arg) ? "" : usage;
    case ArgKind::File:
      return arg.empty() ? usage : "";
    case ArgKind::Format:
      return arg == "text" || arg == "json" ? "" : usage;
  }
  return usage;
}

}  // namespace

std::expected<Command, std::string> parse_command(std::string_view line) {
  line = trim(line);
  size_t space = line.find_first_of(" \t");
  std::string_view name = line.substr(0, space);
  std::string_view arg = space == std::string_view::npos ? std::string_view{} : trim(line.substr(space));
  for (const auto &spec : commands()) {
    if (name != spec.name) continue;
    if (std::string err = check_arg(spec, arg); !err.empty()) return std::unexpected(err);
    return Command{spec.kind, std::string(arg)};
  }
  return std::unexpected("unknown command '" + std::string(name) + "' (.help lists them)");
}

std::string help_text() {
  std::string out;
  for (const auto &spec : commands()) {
    std::string usage = spec.usage;
    usage.resize(std::max<size_t>(usage.size() + 2, 20), ' ');
    out += usage + spec.help + "\n";
  }
  out += "\nA probe block (`tracepoint:... { ... }`) is attached and keeps running; maps are\n"
         "shared by name between blocks. Statements run once (`printf(\"%d\\n\", 1 + 2)`),\n"
         "an expression prints its value, and a bare map name (`@x`) prints the map.\n"
         "Scratch variables set by statements (`$x = 5`) keep their value and type for\n"
         "the statements after them (`$x + 1`).\n"
         "Ctrl-C drops the line being typed; Ctrl-D on an empty line leaves like .quit.\n";
  return out;
}

}  // namespace bpfsh::repl
