#include "host/kfunc_probe.h"

#include <bpf/btf.h>
#include <linux/bpf.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <vector>

namespace bpfsh::host {

bool kfunc_allowed_by_verifier(const struct btf *vmlinux, const std::string &kfunc, int prog_type) {
  if (!vmlinux) return false;
  int id = btf__find_by_name_kind(vmlinux, kfunc.c_str(), BTF_KIND_FUNC);
  if (id <= 0) return false;
  // call kfunc (src_reg BPF_PSEUDO_KFUNC_CALL, imm its vmlinux BTF id); exit.
  struct bpf_insn insns[2] = {};
  insns[0].code = BPF_JMP | BPF_CALL;
  insns[0].src_reg = BPF_PSEUDO_KFUNC_CALL;
  insns[0].imm = id;
  insns[1].code = BPF_JMP | BPF_EXIT;
  std::vector<char> log(16384, 0);
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.prog_type = static_cast<uint32_t>(prog_type);
  attr.insns = reinterpret_cast<uint64_t>(insns);
  attr.insn_cnt = 2;
  // Kfunc calls need a GPL-compatible program.
  attr.license = reinterpret_cast<uint64_t>("GPL");
  attr.log_buf = reinterpret_cast<uint64_t>(log.data());
  attr.log_size = static_cast<uint32_t>(log.size() - 1);
  attr.log_level = 1;
  // The raw system call, not libbpf's bpf_prog_load: that one is the
  // runtime's fault point (runtime/fault_injection.h), and this is no step
  // of a run.
  long fd = syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof attr);
  if (fd >= 0) {
    close(static_cast<int>(fd));
    return true;
  }
  std::string refused = "calling kernel function " + kfunc + " is not allowed";
  return std::strstr(log.data(), refused.c_str()) == nullptr;
}

}  // namespace bpfsh::host
