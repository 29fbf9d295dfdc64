// How values move between registers and stack buffers.
#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;
using ast::Type;

namespace {
// Strings compared up to this many bytes are compared in place.
constexpr uint64_t kUnrolledCompare = 4096;
}  // namespace

// A value as its C bytes (the members of a record print() copied): integers
// at their own widths.
static Layout c_layout(const Type &t) {
  Layout l = to_layout(t);
  if (t.is_int() || t.is_ptr() || t.is_str()) l.size = t.c_size();
  return l;
}

static void stack_layout(const Type &t, Layout &l) {
  l.kind = t.kind == ast::TypeKind::KStack ? Layout::Kind::KStack : Layout::Kind::UStack;
  l.stack_mode = t.stack_mode;
  // A dw_ustack is unwound in user space, past the kernel's perf_event_max_stack.
  l.stack_limit = t.dwarf_unwind ? t.stack_limit : stack_frames(t.stack_limit);
  l.dwarf = t.dwarf_unwind;
}

Layout to_layout(const Type &t) {
  Layout l;
  l.size = t.storage_size();
  switch (t.kind) {
    case ast::TypeKind::Int:
      l.kind = Layout::Kind::Int;
      l.is_signed = t.is_signed;
      if (t.enum_def) l.enumerators = t.enum_def->values;
      break;
    case ast::TypeKind::Ptr: l.kind = Layout::Kind::Int; l.hex = true; break;
    case ast::TypeKind::Bool: l.kind = Layout::Kind::Bool; break;
    case ast::TypeKind::Record:
      l.kind = Layout::Kind::Record;
      l.size = t.c_size();
      for (size_t i = 0; i < t.members.size(); i++) {
        Layout m = c_layout(t.elems[i]);
        m.name = t.members[i].name;
        m.offset = t.members[i].offset;
        m.bit_offset = t.members[i].bit_offset;
        m.bit_size = t.members[i].bit_size;
        l.elems.push_back(std::move(m));
      }
      break;
    case ast::TypeKind::Array:
      l.kind = Layout::Kind::Array;
      l.size = t.c_size();
      l.count = t.count;
      l.elems.push_back(c_layout(t.elems[0]));
      break;
    case ast::TypeKind::Str: l.kind = Layout::Kind::Str, l.trunc_len = t.str_size; break;
    case ast::TypeKind::Tuple:
      l.kind = t.field_names.empty() ? Layout::Kind::Tuple : Layout::Kind::Record;
      for (size_t i = 0; i < t.elems.size(); i++) {
        l.elems.push_back(to_layout(t.elems[i]));
        l.elems.back().size = t.elems[i].field_size();
        l.elems.back().offset = t.elem_offset(i);
        if (!t.field_names.empty()) l.elems.back().name = t.field_names[i];
      }
      break;
    case ast::TypeKind::Inet: l.kind = Layout::Kind::Inet; break;
    case ast::TypeKind::KStack: case ast::TypeKind::UStack: stack_layout(t, l); break;
    case ast::TypeKind::KSym: l.kind = Layout::Kind::KSym; break;
    case ast::TypeKind::USym: l.kind = Layout::Kind::USym; break;
    case ast::TypeKind::Timestamp: l.kind = Layout::Kind::Timestamp; l.time_format = t.time_format; break;
    case ast::TypeKind::Buffer: l.kind = Layout::Kind::Buffer; break;
    case ast::TypeKind::MacAddr: l.kind = Layout::Kind::MacAddr; break;
    case ast::TypeKind::Username: l.kind = Layout::Kind::Username; break;
    case ast::TypeKind::Lookup:
      l.kind = Layout::Kind::Lookup;
      l.lookup = t.lookup_table;
      l.lookup_arg = t.lookup_arg;
      break;
    default: l.kind = Layout::Kind::None;
  }
  return l;
}

Value *ProbeEmitter::buffer(const Type &t, const Twine &name) {
  return temp(t.storage_size(), name);
}

// dst must be zeroed beforehand when dst_t holds strings: shorter strings rely
// on the padding being zero.
void ProbeEmitter::store_value(Value *dst, const Type &dst_t, Value *src, const Type &src_t) {
  switch (dst_t.kind) {
    case ast::TypeKind::Int:
    case ast::TypeKind::Bool:
    case ast::TypeKind::Ptr:
    case ast::TypeKind::Record:
    case ast::TypeKind::Array:
      b_.CreateAlignedStore(src, dst, MaybeAlign(1));
      return;
    case ast::TypeKind::Str: {
      uint32_t n = std::min(src_t.str_size, dst_t.str_size);
      // A longer source is cut one byte short so the NUL survives.
      if (src_t.str_size > dst_t.str_size) n = dst_t.str_size - 1;
      copy_bytes(dst, src, n);
      return;
    }
    case ast::TypeKind::Tuple:
      for (size_t i = 0; i < dst_t.elems.size(); i++) {
        const Type &se = src_t.elems[i], &de = dst_t.elems[i];
        Value *s = b_.offset(src, src_t.elem_offset(i));
        Value *d = b_.offset(dst, dst_t.elem_offset(i));
        if (de.is_record() || de.is_array()) copy_bytes(d, s, de.c_size());  // held whole in both
        else store_elem(d, de, de.is_scalar() ? load_elem(s, se) : s, se);
      }
      return;
    case ast::TypeKind::Inet:
    case ast::TypeKind::KStack: case ast::TypeKind::UStack:
    case ast::TypeKind::KSym: case ast::TypeKind::USym: case ast::TypeKind::Timestamp:
    case ast::TypeKind::MacAddr: case ast::TypeKind::Username: case ast::TypeKind::Lookup:
      copy_bytes(dst, src, dst_t.storage_size());
      return;
    case ast::TypeKind::Buffer:  // capacities may differ: the length says what counts
      copy_bytes(dst, src, std::min(dst_t.storage_size(), src_t.storage_size()));
      return;
    default:
      return;
  }
}

Value *ProbeEmitter::load_value(Value *src, const Type &t, const Twine &name) {
  if (t.is_scalar()) return b_.CreateAlignedLoad(b_.getInt64Ty(), src, MaybeAlign(1), name);
  Value *buf = buffer(t, name);
  copy_bytes(buf, src, t.storage_size());
  return buf;
}

// A tuple element at `dst` (field_size() bytes): integers and bools at their
// width, a record or array copied whole from the address `v` (the value a
// record expression gives), anything else as store_value() does.
void ProbeEmitter::store_elem(Value *dst, const Type &dst_t, Value *v, const Type &src_t) {
  if (dst_t.is_record() || dst_t.is_array()) {
    // A failed read leaves zeros: a bad pointer prints zeros, as print() does.
    b_.call_helper(Helper::ProbeRead, {dst, b_.getInt64(dst_t.c_size()), b_.CreateIntToPtr(v, b_.getPtrTy())});
    return;
  }
  if ((dst_t.is_int() || dst_t.is_bool()) && dst_t.field_size() < 8) {
    llvm::Type *narrow = IntegerType::get(b_.getContext(), dst_t.field_size() * 8);
    b_.CreateAlignedStore(b_.CreateTrunc(v, narrow), dst, MaybeAlign(1));
    return;
  }
  store_value(dst, dst_t, v, src_t);
}

// A tuple element's value: integers widened to 64 bits by their sign, a
// record or array as the address of its bytes in the tuple.
Value *ProbeEmitter::load_elem(Value *src, const Type &t) {
  if (t.is_record() || t.is_array()) return b_.CreatePtrToInt(src, b_.getInt64Ty());
  if ((t.is_int() || t.is_bool()) && t.field_size() < 8) {
    Value *v = b_.CreateAlignedLoad(IntegerType::get(b_.getContext(), t.field_size() * 8), src, MaybeAlign(1));
    return t.is_signed ? b_.CreateSExt(v, b_.getInt64Ty()) : b_.CreateZExt(v, b_.getInt64Ty());
  }
  return load_value(src, t, "elem");
}

Value *ProbeEmitter::var_slot(const std::string &name, const Type &t) {
  auto it = vars_.find(name);
  if (it != vars_.end()) return it->second;
  // Zeroed before the body: the verifier rejects reads of unset stack, and
  // a variable assigned in only one branch may be read later. A scalar by a
  // store, not a memset: SROA rewrites each memset of the entry block at a
  // cost that grows with the block (16,000 variables took 90 s).
  Value *slot;
  if (t.is_scalar()) {
    slot = b_.entry_alloca_i64(name);
    IRBuilder<> eb(fn_->getEntryBlock().getTerminator());
    eb.CreateAlignedStore(eb.getInt64(0), slot, MaybeAlign(8));
  } else {
    slot = temp(t.storage_size(), name, /*lasting=*/true);
    zero_at_start(slot, t.storage_size());
  }
  vars_[name] = slot;
  return slot;
}

// Compares two NUL-padded strings, at most `limit` bytes; yields an i1.
Value *ProbeEmitter::string_equal(Value *a, uint32_t a_size, Value *b, uint32_t b_size, uint64_t limit) {
  // Past the shorter string's size its side reads as NUL, which ends the
  // comparison either way: no need to compare further.
  uint64_t n = std::min<uint64_t>({std::max(a_size, b_size), uint64_t(std::min(a_size, b_size)) + 1, limit});
  // Unrolled, a comparison of strings of a large max_strlen would not fit
  // the jump range.
  if (n > kUnrolledCompare) return string_equal_loop(a, a_size, b, b_size, n);
  BasicBlock *done = BasicBlock::Create(b_.getContext(), "streq.done", fn_);
  IRBuilderBase::InsertPoint start = b_.saveIP();
  b_.SetInsertPoint(done);
  PHINode *phi = b_.CreatePHI(b_.getInt1Ty(), static_cast<unsigned>(2 * n + 1), "streq");
  b_.restoreIP(start);
  for (uint64_t i = 0; i < n; i++) {
    Value *ca = i < a_size ? static_cast<Value *>(b_.CreateLoad(b_.getInt8Ty(), b_.offset(a, i))) : b_.getInt8(0);
    Value *cb = i < b_size ? static_cast<Value *>(b_.CreateLoad(b_.getInt8Ty(), b_.offset(b, i))) : b_.getInt8(0);
    BasicBlock *same = BasicBlock::Create(b_.getContext(), "streq.same", fn_);
    phi->addIncoming(b_.getFalse(), b_.GetInsertBlock());
    b_.CreateCondBr(b_.CreateICmpNE(ca, cb), done, same);
    b_.SetInsertPoint(same);
    BasicBlock *next = BasicBlock::Create(b_.getContext(), "streq.next", fn_);
    phi->addIncoming(b_.getTrue(), b_.GetInsertBlock());
    b_.CreateCondBr(b_.CreateICmpEQ(ca, b_.getInt8(0)), done, next);
    b_.SetInsertPoint(next);
  }
  phi->addIncoming(b_.getTrue(), b_.GetInsertBlock());
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return phi;
}

// bpf_loop over the first n bytes; the state is {a, b, equal so far}.
Value *ProbeEmitter::string_equal_loop(Value *a, uint32_t a_size, Value *b, uint32_t b_size, uint64_t n) {
  Function *cb = loop_callback("streq");
  IRBuilderBase::InsertPoint saved = b_.saveIP();
  Value *i = cb->getArg(0), *state = cb->getArg(1);
  auto &c = b_.getContext();
  BasicBlock *entry = BasicBlock::Create(c, "entry", cb), *look = BasicBlock::Create(c, "look", cb);
  BasicBlock *differ = BasicBlock::Create(c, "differ", cb), *same = BasicBlock::Create(c, "same", cb);
  BasicBlock *stop = BasicBlock::Create(c, "stop", cb), *next = BasicBlock::Create(c, "next", cb);
  b_.SetInsertPoint(entry);
  b_.CreateCondBr(b_.CreateICmpULT(i, b_.getInt64(n)), look, stop);
  b_.SetInsertPoint(look);
  // Past a buffer's end its string reads as NUL; the index stays inside.
  auto byte = [&](uint32_t slot, uint32_t size) {
    Value *s = b_.CreateAlignedLoad(b_.getPtrTy(), b_.offset(state, slot * 8), MaybeAlign(8));
    Value *in = b_.CreateICmpULT(i, b_.getInt64(size));
    Value *at = b_.CreateSelect(in, i, b_.getInt64(0));
    Value *v = b_.CreateLoad(b_.getInt8Ty(), b_.CreateGEP(b_.getInt8Ty(), s, at), /*isVolatile=*/true);
    return b_.CreateSelect(in, v, b_.getInt8(0));
  };
  Value *ca = byte(0, a_size), *cbyte = byte(1, b_size);
  b_.CreateCondBr(b_.CreateICmpNE(ca, cbyte), differ, same);
  b_.SetInsertPoint(differ);
  b_.CreateAlignedStore(b_.getInt64(0), b_.offset(state, 16), MaybeAlign(8));
  b_.CreateRet(b_.getInt64(1));
  b_.SetInsertPoint(same);
  b_.CreateCondBr(b_.CreateICmpEQ(ca, b_.getInt8(0)), stop, next);
  b_.SetInsertPoint(stop);
  b_.CreateRet(b_.getInt64(1));
  b_.SetInsertPoint(next);
  b_.CreateRet(b_.getInt64(0));
  b_.restoreIP(saved);
  AllocaInst *st = local_alloca(24, "streq.state");
  b_.CreateAlignedStore(a, st, MaybeAlign(8));
  b_.CreateAlignedStore(b, b_.offset(st, 8), MaybeAlign(8));
  b_.CreateAlignedStore(b_.getInt64(1), b_.offset(st, 16), MaybeAlign(8));
  b_.call_helper(Helper::Loop, {b_.getInt64(n), cb, st, b_.getInt64(0)});
  return b_.CreateICmpNE(b_.CreateAlignedLoad(b_.getInt64Ty(), b_.offset(st, 16), MaybeAlign(8)), b_.getInt64(0),
                         "streq");
}

Value *ProbeEmitter::to_bool(Value *v) { return b_.CreateICmpNE(v, b_.getInt64(0)); }

}  // namespace bpfsh::codegen
