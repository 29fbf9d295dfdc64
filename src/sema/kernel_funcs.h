#pragma once
// Kernel functions' BTF prototypes, as fentry's typed args and fexit's
// retval see them. Which functions exist comes from the host
// (host/kernel_funcs.h).
#include <optional>
#include <string>
#include <vector>

#include "ast/types.h"
#include "host/kernel_funcs.h"

namespace bpfsh::sema {

class KernelTypes;

namespace kernel_funcs {

using host::KernelFunc;

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
std::optional<Signature> signature(KernelTypes &kt, const std::string &name);

}  // namespace kernel_funcs
}  // namespace bpfsh::sema
