#pragma once
// The run's settings: bpftrace's config keys with their defaults, as set by a
// script's `config = { ... }` block and overridden by BPFTRACE_<KEY>
// environment variables (the environment wins, as upstream).
#include <cstdint>
#include <functional>
#include <set>
#include <string>

#include "ast/ast.h"
#include "common/diag.h"

namespace bpfsh::sema {

enum class MissingProbes { Error, Warn, Ignore };

struct Config {
  uint32_t max_strlen = 1024;
  uint32_t max_map_keys = 4096;
  bool print_maps_on_exit = true;
  ast::StackMode stack_mode = ast::StackMode::Bpftrace;
  // ustack_unwind = dwarf: ustack in uprobes and USDT probes unwinds as
  // dw_ustack does, through code built without frame pointers.
  bool ustack_dwarf = false;
  MissingProbes missing_probes = MissingProbes::Error;
  uint32_t perf_rb_pages = 64;
  std::string str_trunc_trailer = "..";
  uint64_t max_cat_bytes = 10240;
  uint32_t on_stack_limit = 32;
  uint64_t log_size = 1000000;
  uint32_t max_probes = 1024;
  uint32_t max_bpf_progs = 1024;
  bool cpp_demangle = true;
  bool lazy_symbolication = false;
  bool show_debug_info = false;
  std::string license = "GPL";
  // The keys the script's block or the environment set, by name: what the
  // user chose, where a default may be raised for them (perf_rb_pages for
  // dw_ustack's samples).
  std::set<std::string> set_keys;
};

// Returns the value of an environment variable, or nullptr when unset.
using EnvLookup = std::function<const char *(const char *name)>;

// Applies the program's config block, then the environment, to `config`.
// Bad keys and values are errors located at their entry; bad environment
// values are unlocated errors naming the variable.
void apply_config(const ast::Program &program, const EnvLookup &env, Config &config,
                  Diagnostics &diags);

// The names a script may set (without the BPFTRACE_ prefix), for hints and completion.
const std::vector<std::string> &config_keys();

}  // namespace bpfsh::sema
