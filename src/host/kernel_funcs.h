#pragma once
// The kernel's functions, as kprobe and fentry/fexit attach points name them:
// parsed from available_filter_functions or kallsyms, or taken from BTF.
#include <string>
#include <vector>

struct btf;

namespace bpfsh::host {

struct KernelFunc {
  std::string name;
  std::string module;  // empty: built into vmlinux
  bool operator==(const KernelFunc &) const = default;
  bool operator<(const KernelFunc &o) const {
    return module != o.module ? module < o.module : name < o.name;
  }
};

// available_filter_functions: "name" or "name [module]" per line; the
// "__ftrace_invalid_address___N" placeholders are left out.
std::vector<KernelFunc> parse_filter_functions(const std::string &text);
// /proc/kallsyms: the text symbols ("t"/"T") only, "[module]" as the fourth column.
std::vector<KernelFunc> parse_kallsyms(const std::string &text);

// What kprobes may attach to: available_filter_functions when it has any,
// else kallsyms' text symbols (some kernels refuse the ftrace files to
// everyone, and a kernel without kprobes still names its functions there).
// Sorted and without duplicates.
std::vector<KernelFunc> traceable_from(const std::string &filter_functions, const std::string &kallsyms);

// The entries of `funcs` whose module and name match the shell patterns
// (fnmatch); vmlinux is the module of built-in functions, and an empty
// module pattern matches every module.
std::vector<KernelFunc> match(const std::vector<KernelFunc> &funcs, const std::string &module_pattern,
                              const std::string &name_pattern);

// Every function `btf` describes (sorted); empty without BTF.
std::vector<KernelFunc> btf_functions(const struct btf *btf);

}  // namespace bpfsh::host
