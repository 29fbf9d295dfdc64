// The real machine's facts, read from sysfs, tracefs, /proc and ELF files.
#include "host/live_host.h"

#include <bpf/btf.h>
#include <net/if.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "host/instruction_starts.h"
#include "host/kernel_btf.h"
#include "host/kfunc_probe.h"
#include "host/mapped_files.h"
#include "host/user_binary.h"

namespace bpfsh::host {

namespace {

std::optional<std::string> read_text(const std::string &path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return ss.str();
}

bool is_dir(const std::string &p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

LiveHost::~LiveHost() {
  for (auto &[name, b] : modules_) btf__free(b);
  btf__free(btf_);
}

std::string LiveHost::tracefs_root() { return find_tracefs().value_or(""); }

std::vector<std::string> LiveHost::tracepoints() {
  if (!tracepoints_) {
    auto root = find_tracefs();
    if (!root) return {};  // not mounted yet: ask again once it is
    tracepoints_ = parse_event_list(read_text(*root + "/available_events").value_or(""));
  }
  return *tracepoints_;
}

bool LiveHost::tracepoint_exists(const std::string &category, const std::string &event) {
  std::string root = tracefs_root();
  return !root.empty() && is_dir(root + "/events/" + category + "/" + event);
}

std::optional<std::string> LiveHost::tracepoint_format(const std::string &category, const std::string &event) {
  std::string root = tracefs_root();
  if (root.empty()) return std::nullopt;
  return read_text(root + "/events/" + category + "/" + event + "/format");
}

std::optional<std::string> LiveHost::filter_functions(std::string *why) {
  std::string path = find_tracefs().value_or("/sys/kernel/tracing") + "/available_filter_functions";
  std::ifstream in(path);
  if (!in) {
    if (why) *why = "Could not read symbols from " + path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const struct btf *LiveHost::kernel_btf(std::string *why) {
  if (!btf_tried_) {
    btf_tried_ = true;
    btf_ = load_vmlinux_btf(&btf_error_);
  }
  if (!btf_ && why) *why = btf_error_;
  return btf_;
}

const struct btf *LiveHost::module_btf(const std::string &module) {
  auto it = modules_.find(module);
  if (it == modules_.end()) {
    kernel_btf();
    it = modules_.emplace(module, load_module_btf(module, btf_)).first;
  }
  return it->second;
}

const std::vector<KernelFunc> &LiveHost::traceable_functions() {
  if (!traceable_) {
    auto filter = read_text(find_tracefs().value_or("/sys/kernel/tracing") + "/available_filter_functions");
    std::string syms = filter && !filter->empty() ? "" : read_text("/proc/kallsyms").value_or("");
    traceable_ = traceable_from(filter.value_or(""), syms);
  }
  return *traceable_;
}

const Kallsyms &LiveHost::kallsyms() {
  if (!kallsyms_) kallsyms_ = std::make_unique<Kallsyms>(Kallsyms::read());
  return *kallsyms_;
}

bool LiveHost::kfunc_allowed(const std::string &kfunc, int prog_type) {
  auto key = std::make_pair(kfunc, prog_type);
  auto it = kfuncs_allowed_.find(key);
  if (it == kfuncs_allowed_.end())
    it = kfuncs_allowed_.emplace(key, kfunc_allowed_by_verifier(kernel_btf(), kfunc, prog_type)).first;
  return it->second;
}

std::optional<std::string> LiveHost::resolve_binary(const std::string &name, int64_t pid) {
  return resolve_user_binary(name, pid);
}

std::vector<std::string> LiveHost::matching_binaries(const std::string &pattern, int64_t pid) {
  return matching_user_binaries(pattern, pid);
}

std::map<std::string, uint64_t> LiveHost::function_symbols(const std::string &path) { return host::function_symbols(path); }

std::vector<FunctionSpan> LiveHost::function_spans(const std::string &path) { return host::function_spans(path); }

std::optional<std::vector<uint64_t>> LiveHost::instruction_starts(const std::string &path, const FunctionSpan &f) {
  return host::instruction_starts(path, f);
}

std::optional<uint64_t> LiveHost::symbol_address(const std::string &path, const std::string &name) {
  return host::symbol_address(path, name);
}

std::optional<ElfLayout> LiveHost::elf_layout(const std::string &path) { return read_elf_layout(path); }

std::vector<UsdtSite> LiveHost::usdt_sites(const std::string &path) { return read_usdt_sites(path); }

const DebugInfo *LiveHost::debug_info(const std::string &path, std::string *why) {
  auto it = debug_info_.find(path);
  if (it == debug_info_.end()) {
    std::string reason;
    auto info = read_debug_info(path, debug_dirs(), reason);
    it = debug_info_.emplace(path, std::make_pair(std::move(info), reason)).first;
  }
  if (!it->second.first && why) *why = it->second.second;
  return it->second.first.get();
}

void LiveHost::add_debug_dirs(const std::vector<std::string> &dirs) {
  extra_debug_dirs_.insert(extra_debug_dirs_.end(), dirs.begin(), dirs.end());
  debug_info_.clear();  // a binary found without debug info may have it now
}

std::vector<std::string> LiveHost::debug_dirs() const {
  std::vector<std::string> dirs = extra_debug_dirs_;
  const char *env = std::getenv("BPFSH_DEBUG_DIRS");
  if (!env || !*env) {
    dirs.push_back("/usr/lib/debug");
    return dirs;
  }
  std::stringstream in(env);
  for (std::string d; std::getline(in, d, ':');)
    if (!d.empty()) dirs.push_back(d);
  return dirs;
}

std::vector<std::string> LiveHost::mapped_files(int64_t pid) {
  return pid > 0 ? host::mapped_files(pid) : files_mapped_by_any_process();
}

std::optional<std::vector<Mapping>> LiveHost::process_maps(int pid) { return read_maps(pid); }

// Asked each time: interfaces come and go while a REPL session lives.
std::vector<std::string> LiveHost::interfaces() {
  std::vector<std::string> out;
  struct if_nameindex *all = if_nameindex();
  if (!all) return out;
  for (auto *i = all; i->if_index != 0; i++) out.push_back(i->if_name);
  if_freenameindex(all);
  return out;
}

}  // namespace bpfsh::host
