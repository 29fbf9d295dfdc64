#pragma once
// The machine a program is compiled for, as one object: tracefs, kernel BTF,
// kernel functions and symbols, user-space ELF files and /proc. The caller
// (cli, repl) makes one (LiveHost for the real machine, a fake in tests)
// and hands it down; nothing below reads these facts any other way.
#include <cstdint>
#include <optional>
#include <map>
#include <string>
#include <vector>

#include "host/debug_info.h"
#include "host/elf_file.h"
#include "host/kallsyms.h"
#include "host/kernel_funcs.h"
#include "common/proc_maps.h"
#include "host/tracefs.h"
#include "host/usdt_notes.h"

struct btf;

namespace bpfsh::host {

class Host {
 public:
  virtual ~Host() = default;

  // Tracepoints: every "category:event", whether one exists, and the text of
  // its format file (nullopt when it cannot be read).
  virtual std::vector<std::string> tracepoints() = 0;
  virtual bool tracepoint_exists(const std::string &category, const std::string &event) = 0;
  virtual std::optional<std::string> tracepoint_format(const std::string &category, const std::string &event) = 0;
  // The event's own fields, parsed from its format.
  std::optional<std::vector<TracepointField>> tracepoint_fields(const std::string &category,
                                                                const std::string &event);
  // available_filter_functions' text; nullopt with the reason in `why`
  // (naming the file) when it cannot be read.
  virtual std::optional<std::string> filter_functions(std::string *why) = 0;

  // The kernel's BTF, owned by the host; nullptr, with the reason in `why`,
  // without one. A module's BTF is split on it; nullptr when it has none.
  virtual const struct btf *kernel_btf(std::string *why = nullptr) = 0;
  virtual const struct btf *module_btf(const std::string &module) = 0;
  // What kprobes may attach to (host/kernel_funcs.h), sorted.
  virtual const std::vector<KernelFunc> &traceable_functions() = 0;
  // The kernel's symbol table (kaddr(), ksym(), kstack).
  virtual const Kallsyms &kallsyms() = 0;
  // Whether vmlinux has the kernel function (kfunc) and a program of the
  // type (a bpf_prog_type) may call it (host/kfunc_probe.h).
  virtual bool kfunc_allowed(const std::string &kfunc, int prog_type) = 0;

  // A uprobe/usdt target by path, program name or library name; with a pid,
  // a library the process maps wins. nullopt when nothing by that name exists.
  virtual std::optional<std::string> resolve_binary(const std::string &name, int64_t pid) = 0;
  // The files a binary pattern with wildcards names (user_binary.h).
  virtual std::vector<std::string> matching_binaries(const std::string &pattern, int64_t pid) = 0;
  // The file's functions with their link-time addresses, by name.
  virtual std::map<std::string, uint64_t> function_symbols(const std::string &path) = 0;
  // The link-time address of a defined symbol of the file.
  virtual std::optional<uint64_t> symbol_address(const std::string &path, const std::string &name) = 0;
  // The file's functions with their sizes, by address.
  virtual std::vector<FunctionSpan> function_spans(const std::string &path) = 0;
  // Where function `f`'s instructions start, as offsets from its address,
  // in order (host/instruction_starts.h); nullopt when its code can not be
  // read or decoded.
  virtual std::optional<std::vector<uint64_t>> instruction_starts(const std::string &path, const FunctionSpan &f) = 0;
  virtual std::optional<ElfLayout> elf_layout(const std::string &path) = 0;
  virtual std::vector<UsdtSite> usdt_sites(const std::string &path) = 0;
  // The file's DWARF (host/debug_info.h), read once and kept by the host;
  // nullptr, with the reason in `why`, when neither it nor a debug file of
  // it has any.
  virtual const DebugInfo *debug_info(const std::string &path, std::string *why = nullptr) = 0;
  // The link-time addresses FILE:LINE[:COL] of the binary's source starts
  // at (host/source_lines.h), through its debug info; nullopt with the
  // reason in `why`.
  std::optional<std::vector<uint64_t>> source_line_addresses(const std::string &path, const std::string &file,
                                                             uint64_t line, uint64_t column, std::string &why);
  // The regular files process `pid` maps; with pid 0 the files any process maps.
  virtual std::vector<std::string> mapped_files(int64_t pid) = 0;
  // A process's executable mappings; nullopt when it is gone.
  virtual std::optional<std::vector<Mapping>> process_maps(int pid) = 0;
  // Network interfaces of bpfsh's network namespace, by name, in index order
  // (xdp:, tc: and socket: probes attach to them).
  virtual std::vector<std::string> interfaces() = 0;
};

}  // namespace bpfsh::host
