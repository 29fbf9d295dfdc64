#pragma once
// Whether a BPF program type may call a kernel function (kfunc), asked of
// the kernel's verifier: the kfunc sets a type may call are registered in
// the kernel's code, not described by its BTF.
#include <string>

struct btf;

namespace bpfsh::host {

// Loads "call KFUNC; exit" as a program of type `prog_type` (a
// bpf_prog_type) and reads the verifier's answer: false when it says the
// kfunc is not allowed or vmlinux has no such function, true otherwise
// (the program's other faults, its unset arguments, are not the question).
bool kfunc_allowed_by_verifier(const struct btf *vmlinux, const std::string &kfunc, int prog_type);

}  // namespace bpfsh::host
