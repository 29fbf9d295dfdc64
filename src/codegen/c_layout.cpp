// The wire layout of a C value (a BTF struct, union or array) that print()
// copies whole from kernel memory: members at their C offsets and sizes, so
// user space can print them as bpftrace does, { .a = 1, .b = [2,3] }.
#include "codegen/emitter.h"
#include "sema/kernel_types.h"

namespace bpfsh::codegen {

using ast::Type;
using ast::TypeKind;

namespace {
constexpr int kMaxDepth = 8;  // nested records below this print as {}
}  // namespace

Layout c_layout(const Type &t, int depth) {
  Layout l;
  l.size = t.c_size();
  switch (t.kind) {
    case TypeKind::Int:
      l.kind = Layout::Kind::Int;
      l.is_signed = t.is_signed;
      break;
    case TypeKind::Ptr:
      l.kind = Layout::Kind::Ptr;
      break;
    case TypeKind::Array:
      if (t.elems[0].is_int() && t.elems[0].bits == 8) {  // char[N] prints as text
        l.kind = Layout::Kind::Str;
        break;
      }
      l.kind = Layout::Kind::Array;
      l.count = t.count;
      l.elems.push_back(c_layout(t.elems[0], depth + 1));
      break;
    case TypeKind::Record: {
      l.kind = Layout::Kind::Record;
      if (depth >= kMaxDepth) break;
      auto &kt = sema::KernelTypes::vmlinux();
      for (const auto &name : kt.member_names(t)) {
        auto m = kt.member(t, name);
        if (!m) continue;
        Layout ml = c_layout(m->type, depth + 1);
        if (m->bit_size) {
          ml.bit_offset = uint8_t(m->bit_offset);
          ml.bit_size = uint8_t(m->bit_size);
          ml.size = (m->bit_offset + m->bit_size + 7) / 8;  // never past the bytes it spans
        }
        l.names.push_back(name);
        l.offsets.push_back(m->offset);
        l.elems.push_back(std::move(ml));
      }
      break;
    }
    default:
      l.kind = Layout::Kind::None;
  }
  return l;
}

}  // namespace bpfsh::codegen
