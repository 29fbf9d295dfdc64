#pragma once
// The REPL's dot-commands: their table (which help and completion read too)
// and the parser of one command line. Running them is repl.cpp's job.
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace bpfsh::repl {

enum class CommandKind { Probes, Detach, Maps, Print, Clear, Zero, Save, Load, Format, Help, Quit };

// What a command's one argument is, so the parser can check it and the
// completer can offer candidates.
enum class ArgKind { None, BlockId, Map, File, Format };

struct CommandSpec {
  const char *name;  // with the dot: ".probes"
  CommandKind kind;
  ArgKind arg;
  const char *usage;  // ".detach ID|all"
  const char *help;
};

const std::vector<CommandSpec> &commands();

struct Command {
  CommandKind kind;
  std::string arg;  // "" for ArgKind::None; "all" or a number for BlockId
};

// command := "." name [ argument ]. Returns the error message for an
// unknown command or a missing, extra or malformed argument.
std::expected<Command, std::string> parse_command(std::string_view line);

// The text `.help` prints.
std::string help_text();

}  // namespace bpfsh::repl
