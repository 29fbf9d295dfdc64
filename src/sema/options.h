#pragma once
// What the checking passes are told by the command line or the REPL.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "sema/config.h"
#include "sema/program_info.h"

namespace bpfsh::sema {

struct SemaOptions {
  // Where attach points, kernel types and symbols are looked up; required.
  host::Host *host = nullptr;
  std::vector<std::string> positional;  // $1, $2, ...
  std::map<std::string, std::string> named_args;  // --name=value after the script, for getopt()
  int64_t cpid = 0;                     // pid of the -c child, 0 without one
  int64_t pid = 0;                      // -p PID, 0 without one
  bool unsafe = false;                  // --unsafe: allow system() and friends
  // --probe-filter: a regular expression (std::regex, checked by the caller);
  // only probes whose name it matches are kept. Empty: all are.
  std::string probe_filter;
  // The settings before the script's config block and the environment apply.
  Config config;
  // BPFTRACE_<KEY> variables; unset: the environment is not consulted.
  EnvLookup env;
  // --stack-format: wins over the config block and the environment.
  std::optional<ast::StackMode> stack_mode;
  // Maps an earlier program of the same live session created (the REPL).
  // They come first in ProgramInfo::maps, in this order, and keep their types.
  std::vector<MapInfo> known_maps;
  // A live session (the REPL): its maps outlive the program, so a string
  // value gets max_strlen bytes of room for what later programs store.
  bool live = false;
};

}  // namespace bpfsh::sema
