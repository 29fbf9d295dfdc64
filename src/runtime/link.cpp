#include "runtime/link.h"

#include <bpf/libbpf.h>

namespace bpfsh::runtime {

void Link::reset() {
  if (link_) bpf_link__destroy(link_);
  link_ = nullptr;
}

}  // namespace bpfsh::runtime
