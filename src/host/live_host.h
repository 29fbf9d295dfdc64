#pragma once
// The Host of the machine bpfsh runs on. Lists and the kernel's BTF are read
// once, on first use, and kept: the REPL compiles many times.
#include <map>
#include <memory>

#include "host/host.h"

namespace bpfsh::host {

class LiveHost final : public Host {
 public:
  LiveHost() = default;
  ~LiveHost() override;
  LiveHost(const LiveHost &) = delete;
  LiveHost &operator=(const LiveHost &) = delete;

  std::vector<std::string> tracepoints() override;
  bool tracepoint_exists(const std::string &category, const std::string &event) override;
  std::optional<std::string> tracepoint_format(const std::string &category, const std::string &event) override;
  std::optional<std::string> filter_functions(std::string *why) override;
  const struct btf *kernel_btf(std::string *why = nullptr) override;
  const struct btf *module_btf(const std::string &module) override;
  const std::vector<KernelFunc> &traceable_functions() override;
  const Kallsyms &kallsyms() override;
  bool kfunc_allowed(const std::string &kfunc, int prog_type) override;
  std::optional<std::string> resolve_binary(const std::string &name, int64_t pid) override;
  std::vector<std::string> matching_binaries(const std::string &pattern, int64_t pid) override;
  std::map<std::string, uint64_t> function_symbols(const std::string &path) override;
  std::optional<uint64_t> symbol_address(const std::string &path, const std::string &name) override;
  std::vector<FunctionSpan> function_spans(const std::string &path) override;
  std::optional<std::vector<uint64_t>> instruction_starts(const std::string &path, const FunctionSpan &f) override;
  std::optional<ElfLayout> elf_layout(const std::string &path) override;
  std::vector<UsdtSite> usdt_sites(const std::string &path) override;
  const DebugInfo *debug_info(const std::string &path, std::string *why = nullptr) override;
  // Where separate debug files are looked for (by build id, and by the
  // binary's folder for a debuglink): the directories --debuginfo gave
  // (add_debug_dirs), then BPFSH_DEBUG_DIRS, colon-separated, else
  // /usr/lib/debug.
  std::vector<std::string> debug_dirs() const;
  void add_debug_dirs(const std::vector<std::string> &dirs);
  std::vector<std::string> mapped_files(int64_t pid) override;
  std::optional<std::vector<Mapping>> process_maps(int pid) override;
  std::vector<std::string> interfaces() override;

 private:
  // The tracefs root, or "" when none is mounted (then nothing is found).
  std::string tracefs_root();

  std::optional<std::vector<std::string>> tracepoints_;
  bool btf_tried_ = false;
  struct btf *btf_ = nullptr;
  std::string btf_error_;
  std::map<std::string, struct btf *> modules_;
  std::optional<std::vector<KernelFunc>> traceable_;
  std::unique_ptr<Kallsyms> kallsyms_;
  std::map<std::pair<std::string, int>, bool> kfuncs_allowed_;
  std::vector<std::string> extra_debug_dirs_;
  // By path; a null entry keeps the reason there is none.
  std::map<std::string, std::pair<std::unique_ptr<DebugInfo>, std::string>> debug_info_;
};

}  // namespace bpfsh::host
