// Kernel function prototypes from BTF.
#include "sema/kernel_funcs.h"

#include <bpf/btf.h>

#include "sema/kernel_types.h"

namespace bpfsh::sema::kernel_funcs {

std::optional<Signature> signature(KernelTypes &kt, const std::string &name) {
  const struct btf *b = kt.btf();
  if (!b) return std::nullopt;
  int id = btf__find_by_name_kind(b, name.c_str(), BTF_KIND_FUNC);
  if (id <= 0) return std::nullopt;
  const struct btf_type *proto = btf__type_by_id(b, btf__type_by_id(b, uint32_t(id))->type);
  if (!proto || !btf_is_func_proto(proto)) return std::nullopt;
  Signature sig;
  const struct btf_param *p = btf_params(proto);
  for (uint16_t i = 0; i < btf_vlen(proto); i++) {
    if (p[i].type == 0) break;  // "..." of a variadic function
    Param param;
    param.name = btf__name_by_offset(b, p[i].name_off);
    param.type = kt.type_of(p[i].type);
    param.offset = sig.slots * 8;
    // A struct passed by value takes as many slots as it has 8-byte words.
    long size = btf__resolve_size(b, p[i].type);
    sig.slots += size > 8 ? uint32_t((size + 7) / 8) : 1;
    sig.params.push_back(std::move(param));
  }
  if (proto->type != 0) sig.ret = kt.type_of(proto->type);
  return sig;
}

}  // namespace bpfsh::sema::kernel_funcs
