// The canned machine of fake_host.h.
#include "fake_host.h"

#include <bpf/btf.h>

#include "host/elf_file.h"
#include "host/instruction_starts.h"
#include "host/mapped_files.h"
#include "host/usdt_notes.h"
#include "host/user_binary.h"

namespace bpfsh::test {

namespace {

// A format file with the common_* header and then `fields` (one per line).
std::string format(int id, const std::string &fields) {
  return "name: x\nID: " + std::to_string(id) +
         "\nformat:\n\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
         "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n" + fields + "\nprint fmt: \"\"\n";
}

std::string field(const std::string &decl, int offset, int size, bool is_signed) {
  return "\tfield:" + decl + ";\toffset:" + std::to_string(offset) + ";\tsize:" + std::to_string(size) +
         ";\tsigned:" + (is_signed ? "1" : "0") + ";\n";
}

std::map<std::string, std::string> canned_formats() {
  std::string nr = field("int __syscall_nr", 8, 4, true);
  return {
      {"syscalls:sys_enter_openat",
       format(1, nr + field("int dfd", 16, 8, true) + field("const char * filename", 24, 8, false) +
                     field("int flags", 32, 8, true) + field("umode_t mode", 40, 8, false))},
      {"syscalls:sys_enter_dup", format(2, nr + field("unsigned int fildes", 16, 8, false))},
      {"syscalls:sys_enter_dup2", format(3, nr + field("unsigned int oldfd", 16, 8, false) +
                                                field("unsigned int newfd", 24, 8, false))},
      {"syscalls:sys_enter_getppid", format(4, nr)},
      {"syscalls:sys_enter_getpid", format(5, nr)},
      {"syscalls:sys_enter_gettid", format(13, nr)},
      {"syscalls:sys_enter_getuid", format(14, nr)},
      {"syscalls:sys_enter_close", format(6, nr + field("unsigned int fd", 16, 8, false))},
      {"syscalls:sys_enter_execve",
       format(7, nr + field("const char * filename", 16, 8, false) + field("const char *const * argv", 24, 8, false) +
                     field("const char *const * envp", 32, 8, false))},
      {"syscalls:sys_enter_read", format(8, nr + field("unsigned int fd", 16, 8, false) +
                                                field("char * buf", 24, 8, false) + field("size_t count", 32, 8, false))},
      {"syscalls:sys_enter_write", format(9, nr + field("unsigned int fd", 16, 8, false) +
                                                 field("const char * buf", 24, 8, false) +
                                                 field("size_t count", 32, 8, false))},
      {"syscalls:sys_exit_read", format(10, nr + field("long ret", 16, 8, true))},
      {"sched:sched_switch",
       format(11, field("char prev_comm[16]", 8, 16, false) + field("pid_t prev_pid", 24, 4, true) +
                      field("int prev_prio", 28, 4, true) + field("long prev_state", 32, 8, true) +
                      field("char next_comm[16]", 40, 16, false) + field("pid_t next_pid", 56, 4, true) +
                      field("int next_prio", 60, 4, true))},
      // Two-dimensional fields, which the machine the tests run on has none of.
      {"test:grid", format(15, field("int grid[2][3]", 8, 24, true) + field("char names[2][8]", 32, 16, false))},
      {"skb:kfree_skb", format(12, field("void * skbaddr", 8, 8, false) + field("void * location", 16, 8, false) +
                                       field("unsigned short protocol", 24, 2, false) +
                                       field("enum skb_drop_reason reason", 28, 4, false))},
  };
}

}  // namespace

FakeHost::FakeHost()
    : formats_(canned_formats()),
      traceable_{{"kfree", ""}, {"vfs_read", ""}, {"vfs_write", ""}, {"nft_do_chain", "nf_tables"}},
      kallsyms_(host::Kallsyms::parse("ffffffff81000000 T _stext\n"
                                      "ffffffff81200000 T vfs_read\n"
                                      "ffffffff81200100 T vfs_write\n"
                                      "ffffffff81300000 T kfree\n"
                                      "ffffffff82000000 D jiffies\n")) {
  btf_ = make_fake_btf();
}

FakeHost::~FakeHost() { btf__free(btf_); }

std::vector<std::string> FakeHost::tracepoints() {
  std::vector<std::string> out;
  for (auto &[name, text] : formats_) out.push_back(name);
  return out;
}

bool FakeHost::tracepoint_exists(const std::string &category, const std::string &event) {
  return formats_.count(category + ":" + event) != 0;
}

std::optional<std::string> FakeHost::tracepoint_format(const std::string &category, const std::string &event) {
  auto it = formats_.find(category + ":" + event);
  if (it == formats_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> FakeHost::filter_functions(std::string *) {
  std::string text;
  for (auto &f : traceable_) text += f.name + (f.module.empty() ? "" : " [" + f.module + "]") + "\n";
  return text;
}

const struct btf *FakeHost::kernel_btf(std::string *) { return btf_; }

bool FakeHost::kfunc_allowed(const std::string &kfunc, int) {
  return btf__find_by_name_kind(btf_, kfunc.c_str(), BTF_KIND_FUNC) > 0;
}

const struct btf *FakeHost::module_btf(const std::string &) { return nullptr; }

std::optional<std::string> FakeHost::resolve_binary(const std::string &name, int64_t pid) {
  return host::resolve_user_binary(name, pid);
}

std::vector<std::string> FakeHost::matching_binaries(const std::string &pattern, int64_t pid) {
  return host::matching_user_binaries(pattern, pid);
}

std::map<std::string, uint64_t> FakeHost::function_symbols(const std::string &path) {
  return host::function_symbols(path);
}

std::vector<host::FunctionSpan> FakeHost::function_spans(const std::string &path) {
  return host::function_spans(path);
}

std::optional<std::vector<uint64_t>> FakeHost::instruction_starts(const std::string &path,
                                                                  const host::FunctionSpan &f) {
  if (auto it = canned_starts_.find(path + ":" + f.name); it != canned_starts_.end()) return it->second;
  return host::instruction_starts(path, f);
}

std::optional<uint64_t> FakeHost::symbol_address(const std::string &path, const std::string &name) {
  return host::symbol_address(path, name);
}

std::optional<host::ElfLayout> FakeHost::elf_layout(const std::string &path) { return host::read_elf_layout(path); }

std::vector<host::UsdtSite> FakeHost::usdt_sites(const std::string &path) { return host::read_usdt_sites(path); }

const host::DebugInfo *FakeHost::debug_info(const std::string &path, std::string *why) {
  auto it = debug_info_.find(path);
  if (it == debug_info_.end()) {
    std::string reason;
    auto info = host::read_debug_info(path, debug_dirs_, reason);
    it = debug_info_.emplace(path, std::make_pair(std::move(info), reason)).first;
  }
  if (!it->second.first && why) *why = it->second.second;
  return it->second.first.get();
}

std::vector<std::string> FakeHost::mapped_files(int64_t pid) {
  return pid > 0 ? host::mapped_files(pid) : host::files_mapped_by_any_process();
}

std::optional<std::vector<Mapping>> FakeHost::process_maps(int pid) { return read_maps(pid); }

}  // namespace bpfsh::test
