// Map keys, reads and writes of plain (non-aggregation) map values.
#include <cerrno>

#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;
using ast::Type;

const sema::MapInfo &ProbeEmitter::map_info(ast::MapRef *m) const {
  return *info_.find_map(m->name);
}

uint32_t ProbeEmitter::map_id(const std::string &name) const {
  return static_cast<uint32_t>(info_.map_index.at(name));
}

GlobalVariable *ProbeEmitter::map_global(ast::MapRef *m) const { return ms_.maps[map_id(m->name)]; }

// Writes `e` straight into dst when it is comm: the helper fills the key or
// event slot itself, instead of a stack copy being copied again. Most keys
// and printf arguments that hold a string hold comm.
bool ProbeEmitter::emit_into(Value *dst, const Type &dst_t, ast::Expr *e) {
  if (e->kind != ast::ExprKind::Builtin || !dst_t.is_str()) return false;
  auto *bi = static_cast<ast::Builtin *>(e);
  if (bi->name != "comm" || dst_t.str_size < e->type.str_size) return false;
  b_.call_helper(Helper::GetCurrentComm, {dst, b_.getInt64(e->type.str_size)});
  return true;
}

// The key buffer: the user's key in the map's key layout, then for histograms
// the bucket index. A scalar map's key is a u64 0.
Value *ProbeEmitter::map_key(ast::MapRef *m, Value *bucket) {
  const Type &kt = map_info(m).key;
  uint32_t user = kt.is_none() ? (bucket ? 0 : 8) : map_held_size(kt);
  uint32_t size = user + (bucket ? 8 : 0);
  Value *key = temp(size, m->name + ".key");
  zero_bytes(key, size);
  if (m->keys.size() == 1) {
    if (kt.is_array() || kt.is_record()) store_elem(key, kt, emit_expr(m->keys[0]), m->keys[0]->type);
    else if (!emit_into(key, kt, m->keys[0])) store_value(key, kt, emit_expr(m->keys[0]), m->keys[0]->type);
  } else if (m->keys.size() > 1) {
    for (size_t i = 0; i < m->keys.size(); i++) {
      Value *slot = b_.offset(key, kt.elem_offset(i));
      if (!emit_into(slot, kt.elems[i], m->keys[i]))
        store_elem(slot, kt.elems[i], emit_expr(m->keys[i]), m->keys[i]->type);
    }
  }
  if (bucket) b_.CreateAlignedStore(bucket, b_.offset(key, user), MaybeAlign(1));
  return key;
}

// A missing entry reads as zero, like in bpftrace; with -k a read of one
// (`warn_missing`: not the read of @m++ or @m += n) is reported.
Value *ProbeEmitter::read_map(ast::MapRef *m, bool warn_missing) {
  const sema::MapInfo &mi = map_info(m);
  Value *key = map_key(m);
  // Sema lets only count, sum, min, max and avg be read.
  if (mi.value.is_agg()) return percpu_total(m, key);
  Value *ptr = b_.map_lookup(map_global(m), key, "lookup");
  Value *found = b_.CreateICmpNE(ptr, ConstantPointerNull::get(PointerType::get(b_.getContext(), 0)));
  if (warn_missing) check_lookup(found);
  if (mi.value.is_array() || mi.value.is_record()) return whole_map_value(m, ptr, found);
  if (mi.value.is_scalar()) {
    BasicBlock *from = b_.GetInsertBlock();
    BasicBlock *load_bb = BasicBlock::Create(b_.getContext(), "map.load", fn_);
    BasicBlock *done = BasicBlock::Create(b_.getContext(), "map.done", fn_);
    b_.CreateCondBr(found, load_bb, done);
    b_.SetInsertPoint(load_bb);
    Value *v = b_.CreateLoad(b_.getInt64Ty(), ptr);
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    PHINode *phi = b_.CreatePHI(b_.getInt64Ty(), 2, m->name);
    phi->addIncoming(b_.getInt64(0), from);
    phi->addIncoming(v, load_bb);
    return phi;
  }
  Value *buf = buffer(mi.value, m->name);
  zero_bytes(buf, mi.value.storage_size());
  BasicBlock *copy_bb = BasicBlock::Create(b_.getContext(), "map.copy", fn_);
  BasicBlock *done = BasicBlock::Create(b_.getContext(), "map.done", fn_);
  b_.CreateCondBr(found, copy_bb, done);
  b_.SetInsertPoint(copy_bb);
  copy_bytes(buf, ptr, mi.value.storage_size());
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return buf;
}

// An array or struct read from a map is a copy of its bytes (zeros when the
// key has none), held, as every such value, by its address.
Value *ProbeEmitter::whole_map_value(ast::MapRef *m, Value *ptr, Value *found) {
  uint32_t size = map_held_size(map_info(m).value);
  Value *buf = temp(size, m->name);
  b_.zero(buf, size);
  BasicBlock *copy_bb = BasicBlock::Create(b_.getContext(), "map.copy", fn_);
  BasicBlock *done = BasicBlock::Create(b_.getContext(), "map.done", fn_);
  b_.CreateCondBr(found, copy_bb, done);
  b_.SetInsertPoint(copy_bb);
  b_.copy(buf, ptr, size);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return b_.CreatePtrToInt(buf, b_.getInt64Ty());
}

void ProbeEmitter::write_map(ast::MapRef *m, Value *value, const Type &value_t, ast::Expr *src) {
  const Type &vt = map_info(m).value;
  Value *key = map_key(m);
  Value *buf;
  if (vt.is_array() || vt.is_record()) {
    // Copied whole from where the value lies (kernel memory, or a slot).
    buf = temp(map_held_size(vt), m->name + ".val");
    b_.zero(buf, map_held_size(vt));
    store_elem(buf, vt, value ? value : emit_expr(src), value_t);
  } else if (vt.is_scalar()) {
    buf = local_alloca_i64(m->name + ".val");
    b_.CreateStore(value, buf);
  } else {
    buf = buffer(vt, m->name + ".val");
    zero_bytes(buf, vt.storage_size());
    // A literal's words go straight into the (8-aligned) value buffer: no
    // stack slot of its own, which forty of in one probe would not fit.
    if (src && src->kind == ast::ExprKind::Str && vt.is_str() && vt.str_size >= src->type.str_size)
      store_constant_string(buf, static_cast<ast::StrLit *>(src)->value);
    else
      store_value(buf, vt, value ? value : emit_expr(src), value_t);
  }
  // Reports name the statement that writes (site_), as bpftrace's do.
  Value *ret = b_.call_helper(Helper::MapUpdate, {map_global(m), key, buf, b_.getInt64(0)});
  count_map_full(ret);
  check_helper(ret, "map_update_elem", -E2BIG);
}

// @m op= rhs, @m++ and friends: read (missing is 0), combine, write back.
Value *ProbeEmitter::update_int_map(ast::MapRef *m, ast::BinOp op, Value *rhs, bool return_old) {
  Value *old = read_map(m, /*warn_missing=*/false);
  // Map values shift logically, as before.
  Value *nv = arith(op, old, rhs, false);
  write_map(m, nv, Type::integer(64, true));
  return return_old ? old : nv;
}

}  // namespace bpfsh::codegen
