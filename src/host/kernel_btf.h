#pragma once
// The running kernel's BTF through libbpf's parser: vmlinux, and a module's
// split BTF on top of it. The caller owns what these return (btf__free).
#include <string>

struct btf;

namespace bpfsh::host {

// /sys/kernel/btf/vmlinux; nullptr with the reason in `why` when unreadable.
struct btf *load_vmlinux_btf(std::string *why);

// /sys/kernel/btf/MODULE, split on `vmlinux`; nullptr when the module has none.
struct btf *load_module_btf(const std::string &module, struct btf *vmlinux);

}  // namespace bpfsh::host
