#pragma once
// The kernel's functions, as kprobe and fentry/fexit attach points name them:
// which exist and are traceable (for wildcards), and their BTF prototypes
// (fentry's typed args and fexit's retval).
#include <optional>
#include <string>
#include <vector>

#include "ast/types.h"

namespace bpfsh::sema::kernel_funcs {

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

// What kprobes may attach to: available_filter_functions when it can be
// read, else kallsyms' text symbols (some kernels refuse the ftrace files to
// everyone, and a kernel without kprobes still names its functions there).
// Sorted and without duplicates; read once per process.
const std::vector<KernelFunc> &traceable();

// The entries of `funcs` whose module and name match the shell patterns
// (fnmatch); vmlinux is the module of built-in functions, and an empty
// module pattern matches every module.
std::vector<KernelFunc> match(const std::vector<KernelFunc> &funcs, const std::string &module_pattern,
                              const std::string &name_pattern);

// Every function the kernel's BTF describes (sorted); empty without BTF.
const std::vector<KernelFunc> &btf_functions();

struct Param {
  std::string name;
  ast::Type type;
  uint32_t offset = 0;  // in the fentry/fexit context, an array of u64 slots
};

struct Signature {
  std::vector<Param> params;
  std::optional<ast::Type> ret;  // nullopt: void
  uint32_t slots = 0;            // u64 slots the arguments fill; fexit's retval follows
};

// The BTF prototype of kernel function `name`; nullopt when BTF lacks it.
std::optional<Signature> signature(const std::string &name);

}  // namespace bpfsh::sema::kernel_funcs
