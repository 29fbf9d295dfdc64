#pragma once
// A canned host::Host for unit tests: a few tracepoints with fields, a small
// kernel BTF built in memory (task_struct, file, vfs_read, kfree, ...),
// kernel functions and kallsyms, and no user-space binaries of its own
// (those fall through to the real files, which any user may read).
#include <map>
#include <memory>

#include "host/host.h"

namespace bpfsh::test {

// The fake kernel's BTF (fake_btf.cpp); the caller frees it.
struct btf *make_fake_btf();

class FakeHost final : public host::Host {
 public:
  FakeHost();
  ~FakeHost() override;

  std::vector<std::string> tracepoints() override;
  bool tracepoint_exists(const std::string &category, const std::string &event) override;
  std::optional<std::string> tracepoint_format(const std::string &category, const std::string &event) override;
  std::optional<std::string> filter_functions(std::string *why) override;
  const struct btf *kernel_btf(std::string *why = nullptr) override;
  const struct btf *module_btf(const std::string &module) override;
  const std::vector<host::KernelFunc> &traceable_functions() override { return traceable_; }
  const host::Kallsyms &kallsyms() override { return kallsyms_; }
  // Any function of the fake BTF, for any program type.
  bool kfunc_allowed(const std::string &kfunc, int prog_type) override;
  std::optional<std::string> resolve_binary(const std::string &name, int64_t pid) override;
  std::vector<std::string> matching_binaries(const std::string &pattern, int64_t pid) override;
  std::map<std::string, uint64_t> function_symbols(const std::string &path) override;
  std::optional<uint64_t> symbol_address(const std::string &path, const std::string &name) override;
  std::vector<host::FunctionSpan> function_spans(const std::string &path) override;
  // The real disassembly of the file, unless a test set an answer for the
  // function (nullopt: its code does not decode).
  std::optional<std::vector<uint64_t>> instruction_starts(const std::string &path, const host::FunctionSpan &f) override;
  void set_instruction_starts(const std::string &path, const std::string &fn,
                              std::optional<std::vector<uint64_t>> starts) {
    canned_starts_[path + ":" + fn] = std::move(starts);
  }
  void clear_instruction_starts() { canned_starts_.clear(); }
  std::optional<host::ElfLayout> elf_layout(const std::string &path) override;
  std::vector<host::UsdtSite> usdt_sites(const std::string &path) override;
  // The real file's DWARF (debug files looked for in the test's own
  // directories only, set_debug_dirs), kept as the live host keeps it.
  const host::DebugInfo *debug_info(const std::string &path, std::string *why = nullptr) override;
  void set_debug_dirs(std::vector<std::string> dirs) { debug_dirs_ = std::move(dirs); debug_info_.clear(); }
  std::vector<std::string> mapped_files(int64_t pid) override;
  std::optional<std::vector<Mapping>> process_maps(int pid) override;
  // lo, eth0, veth0 and veth1.
  std::vector<std::string> interfaces() override { return {"lo", "eth0", "veth0", "veth1"}; }

 private:
  std::map<std::string, std::string> formats_;  // "category:event" -> format text
  std::map<std::string, std::optional<std::vector<uint64_t>>> canned_starts_;  // "path:function"
  struct btf *btf_ = nullptr;
  std::vector<host::KernelFunc> traceable_;
  host::Kallsyms kallsyms_;
  std::vector<std::string> debug_dirs_;
  std::map<std::string, std::pair<std::unique_ptr<host::DebugInfo>, std::string>> debug_info_;
};

}  // namespace bpfsh::test
