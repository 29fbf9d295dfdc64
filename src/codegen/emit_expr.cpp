// Expressions: literals, variables, maps and operators.
#include "codegen/emitter.h"
#include "common/numbers.h"

namespace bpfsh::codegen {

using namespace llvm;
using ast::Type;

Value *ProbeEmitter::visit(ast::IntLit *n) { return b_.getInt64(n->value); }

Value *ProbeEmitter::visit(ast::BoolLit *n) { return b_.getInt64(n->value ? 1 : 0); }

Value *ProbeEmitter::constant_string(const std::string &s, const Twine &name) {
  Type t = Type::string(s.size() + 1);
  // Always a stack slot, outside temp()'s budget: its words are immediates
  // that SROA and MemCpyOpt store straight into wherever the string goes,
  // and the slot disappears. In scratch space the copy stays, and the
  // verifier then prunes a loop printing the literal far less well (a
  // 400-iteration while loop went past the 1M instruction limit).
  Value *buf = local_alloca(t.storage_size(), name);
  store_constant_string(buf, s);
  return buf;
}

void ProbeEmitter::store_constant_string(Value *buf, const std::string &s) {
  Type t = Type::string(s.size() + 1);
  // Whole 8-byte words of immediates: no .rodata section needed.
  for (uint32_t off = 0; off < t.storage_size(); off += 8) {
    uint64_t word = 0;
    for (uint32_t k = 0; k < 8 && off + k < s.size(); k++)
      word |= static_cast<uint64_t>(static_cast<unsigned char>(s[off + k])) << (8 * k);
    b_.CreateAlignedStore(b_.getInt64(word), b_.offset(buf, off), MaybeAlign(8));
  }
}

Value *ProbeEmitter::visit(ast::StrLit *n) { return constant_string(n->value, "str"); }

Value *ProbeEmitter::visit(ast::Positional *n) {
  size_t i = static_cast<size_t>(n->index);
  std::string v = i >= 1 && i <= info_.positional.size() ? info_.positional[i - 1] : "";
  if (n->type.is_str()) return constant_string(v, "positional");
  auto parsed = parse_int(v);  // sema has checked that it fits
  return b_.getInt64(parsed ? parsed->bits : 0);
}

Value *ProbeEmitter::visit(ast::PositionalCount *) { return b_.getInt64(info_.positional.size()); }

Value *ProbeEmitter::visit(ast::Var *n) {
  Value *slot = var_slot(n->name, n->type);
  return load_value(slot, n->type, n->name);
}

Value *ProbeEmitter::visit(ast::MapRef *n) { return read_map(n); }

static bool is_cmp(ast::BinOp op) {
  return op >= ast::BinOp::Eq && op <= ast::BinOp::Ge;
}

Value *ProbeEmitter::visit(ast::Binary *n) {
  if (n->op == ast::BinOp::LogAnd || n->op == ast::BinOp::LogOr) {
    // Short-circuit: the right side only runs when it decides the result.
    bool is_and = n->op == ast::BinOp::LogAnd;
    Value *l = to_bool(emit_expr(n->lhs));
    BasicBlock *from = b_.GetInsertBlock();
    BasicBlock *rhs_bb = BasicBlock::Create(b_.getContext(), is_and ? "and.rhs" : "or.rhs", fn_);
    BasicBlock *done = BasicBlock::Create(b_.getContext(), is_and ? "and.done" : "or.done", fn_);
    if (is_and) b_.CreateCondBr(l, rhs_bb, done);
    else b_.CreateCondBr(l, done, rhs_bb);
    b_.SetInsertPoint(rhs_bb);
    Value *r = to_bool(emit_expr(n->rhs));
    BasicBlock *rhs_end = b_.GetInsertBlock();
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    PHINode *phi = b_.CreatePHI(b_.getInt1Ty(), 2);
    phi->addIncoming(b_.getInt1(!is_and), from);
    phi->addIncoming(r, rhs_end);
    return b_.CreateZExt(phi, b_.getInt64Ty());
  }
  Value *l = emit_expr(n->lhs);
  Value *r = emit_expr(n->rhs);
  const Type &lt = n->lhs->type, &rt = n->rhs->type;
  if (lt.is_array()) return array_compare(n, l, r);
  if (lt.is_buffer()) return buffer_compare(n, l, r);
  if (lt.is_str()) {
    Value *eq = string_equal(l, lt.str_size, r, rt.str_size, UINT64_MAX);
    if (n->op == ast::BinOp::Ne) eq = b_.CreateNot(eq);
    return b_.CreateZExt(eq, b_.getInt64Ty());
  }
  if (is_cmp(n->op)) {
    bool s = lt.is_signed && rt.is_signed;
    CmpInst::Predicate p;
    switch (n->op) {
      case ast::BinOp::Eq: p = CmpInst::ICMP_EQ; break;
      case ast::BinOp::Ne: p = CmpInst::ICMP_NE; break;
      case ast::BinOp::Lt: p = s ? CmpInst::ICMP_SLT : CmpInst::ICMP_ULT; break;
      case ast::BinOp::Le: p = s ? CmpInst::ICMP_SLE : CmpInst::ICMP_ULE; break;
      case ast::BinOp::Gt: p = s ? CmpInst::ICMP_SGT : CmpInst::ICMP_UGT; break;
      default: p = s ? CmpInst::ICMP_SGE : CmpInst::ICMP_UGE; break;
    }
    return b_.CreateZExt(b_.CreateICmp(p, l, r), b_.getInt64Ty());
  }
  if (n->type.is_ptr()) {
    if (lt.is_ptr()) r = pointer_step(lt, r);
    else l = pointer_step(rt, l);
  }
  Value *v = arith(n->op, l, r, n->type.is_signed);
  // Arithmetic between two bools stays one bit wide, as bpftrace's i1 does.
  if (n->type.is_bool()) v = b_.CreateAnd(v, b_.getInt64(1));
  return v;
}

// `n` pointees of pointer type `ptr`, in bytes: pointer arithmetic steps
// whole pointees, as in C; a void * steps bytes (GNU C's rule). Integers
// are stepped by themselves.
Value *ProbeEmitter::pointer_step(const Type &ptr, Value *n) {
  if (!ptr.is_ptr()) return n;
  uint32_t size = ptr.elems.empty() ? 1 : std::max<uint32_t>(ptr.elems[0].c_size(), 1);
  return size == 1 ? n : b_.CreateMul(n, b_.getInt64(size));
}

// The arithmetic shared by binary operators and compound assignment.
Value *ProbeEmitter::arith(ast::BinOp op, Value *l, Value *r, bool is_signed) {
  switch (op) {
    case ast::BinOp::Add: return b_.CreateAdd(l, r);
    case ast::BinOp::Sub: return b_.CreateSub(l, r);
    case ast::BinOp::Mul: return b_.CreateMul(l, r);
    case ast::BinOp::Div:
    case ast::BinOp::Mod: return divide(op, l, r);
    case ast::BinOp::BitAnd: return b_.CreateAnd(l, r);
    case ast::BinOp::BitOr: return b_.CreateOr(l, r);
    case ast::BinOp::BitXor: return b_.CreateXor(l, r);
    case ast::BinOp::Shl: return b_.CreateShl(l, r);
    case ast::BinOp::Shr: return is_signed ? b_.CreateAShr(l, r) : b_.CreateLShr(l, r);
    default: return b_.getInt64(0);
  }
}

// A divisor of 0 gives 1, and the site reports it (once, in user space), as
// bpftrace does. BPF before ISA v4 divides unsigned only; bpftrace too.
Value *ProbeEmitter::divide(ast::BinOp op, Value *l, Value *r) {
  bool div = op == ast::BinOp::Div;
  uint32_t site = add_site(site_, "");
  auto &ctx = b_.getContext();
  BasicBlock *zero = BasicBlock::Create(ctx, div ? "div.zero" : "mod.zero", fn_);
  BasicBlock *nonzero = BasicBlock::Create(ctx, div ? "div.ok" : "mod.ok", fn_);
  BasicBlock *done = BasicBlock::Create(ctx, div ? "div.done" : "mod.done", fn_);
  b_.CreateCondBr(b_.CreateICmpEQ(r, ConstantInt::get(r->getType(), 0)), zero, nonzero);
  b_.SetInsertPoint(zero);
  emit_event(EventType::DivideByZero, site, nullptr, 0);
  BasicBlock *zero_end = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(nonzero);
  Value *q = div ? b_.CreateUDiv(l, r) : b_.CreateURem(l, r);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  PHINode *v = b_.CreatePHI(q->getType(), 2, div ? "quot" : "rem");
  v->addIncoming(ConstantInt::get(q->getType(), 1), zero_end);
  v->addIncoming(q, nonzero);
  return v;
}

Value *ProbeEmitter::visit(ast::Unary *n) {
  // A struct or array variable holds the address of its bytes (in the
  // kernel or the traced process): & of it is that address. A map's or a
  // builtin's is read to a buffer that does not last: & points at a copy
  // made here, as for a builtin's integer below.
  const ast::Type &ot = n->operand->type;
  if (n->op == ast::UnOp::AddrOf && (ot.is_record() || ot.is_array()) && n->operand->kind != ast::ExprKind::Field) {
    Value *at = emit_expr(n->operand);
    if (n->operand->kind == ast::ExprKind::Var) return at;
    Value *copy = temp(ot.c_size(), "addr.copy", /*lasting=*/true);
    b_.call_helper(Helper::ProbeRead, {copy, b_.getInt64(ot.c_size()), b_.CreateIntToPtr(at, b_.getPtrTy())});
    return b_.CreatePtrToInt(copy, b_.getInt64Ty());
  }
  if (n->op == ast::UnOp::AddrOf && n->operand->kind == ast::ExprKind::Var) {
    auto *v = static_cast<ast::Var *>(n->operand);
    return b_.CreatePtrToInt(var_slot(v->name, v->type), b_.getInt64Ty());
  }
  if (n->op == ast::UnOp::AddrOf && n->operand->kind == ast::ExprKind::Map) {
    auto *m = static_cast<ast::MapRef *>(n->operand);
    return b_.CreatePtrToInt(b_.map_lookup(map_global(m), map_key(m), "addr"), b_.getInt64Ty());
  }
  if (n->op == ast::UnOp::AddrOf && n->operand->kind == ast::ExprKind::Builtin) {
    // &comm, &pid: a copy of the value as it is here, in a slot of this
    // node's own that lasts the whole probe (a later read through the
    // pointer still finds it).
    const ast::Type &t = n->operand->type;
    Value *copy = temp(t.storage_size(), "addr.builtin", /*lasting=*/true);
    zero_bytes(copy, t.storage_size());
    store_value(copy, t, emit_expr(n->operand), t);
    return b_.CreatePtrToInt(copy, b_.getInt64Ty());
  }
  if (n->op == ast::UnOp::AddrOf && n->operand->kind != ast::ExprKind::Field)
    return missing_code(n, "& of this expression");
  if (n->op == ast::UnOp::AddrOf) return member_address(static_cast<ast::Field *>(n->operand));
  Value *v = emit_expr(n->operand);
  switch (n->op) {
    case ast::UnOp::Neg: return b_.CreateNeg(v);
    case ast::UnOp::LogNot: return b_.CreateZExt(b_.CreateICmpEQ(v, b_.getInt64(0)), b_.getInt64Ty());
    case ast::UnOp::BitNot: return b_.CreateNot(v);
    case ast::UnOp::Deref: return read_kernel(v, n->type, 0, 0, "deref");
    default: return v;
  }
}

Value *ProbeEmitter::visit(ast::IncDec *n) {
  ast::BinOp op = n->is_increment ? ast::BinOp::Add : ast::BinOp::Sub;
  Value *one = pointer_step(n->target->type, b_.getInt64(1));
  if (n->target->kind == ast::ExprKind::Map)
    return update_int_map(static_cast<ast::MapRef *>(n->target), op, one, !n->is_prefix);
  if (n->target->kind != ast::ExprKind::Var) return missing_code(n, "++/-- of this expression");
  auto *v = static_cast<ast::Var *>(n->target);
  Value *slot = var_slot(v->name, v->type);
  Value *old = b_.CreateLoad(b_.getInt64Ty(), slot);
  Value *nv = fit_int(n->is_increment ? b_.CreateAdd(old, one) : b_.CreateSub(old, one), v->type);
  b_.CreateStore(nv, slot);
  return n->is_prefix ? nv : old;
}

Value *ProbeEmitter::visit(ast::Ternary *n) {
  Value *c = emit_expr(n->cond);
  BasicBlock *then_bb = BasicBlock::Create(b_.getContext(), "tern.then", fn_);
  BasicBlock *else_bb = BasicBlock::Create(b_.getContext(), "tern.else", fn_);
  BasicBlock *done = BasicBlock::Create(b_.getContext(), "tern.done", fn_);
  Value *result = n->type.is_scalar() ? nullptr : buffer(n->type, "tern");
  if (result) zero_bytes(result, n->type.storage_size());
  b_.CreateCondBr(to_bool(c), then_bb, else_bb);
  auto arm = [&](BasicBlock *bb, ast::Expr *e, Value *given) -> std::pair<Value *, BasicBlock *> {
    b_.SetInsertPoint(bb);
    Value *v = given ? given : emit_expr(e);
    if (result) store_value(result, n->type, v, e ? e->type : n->cond->type);
    BasicBlock *end = b_.GetInsertBlock();
    b_.CreateBr(done);
    return {v, end};
  };
  auto [tv, tend] = arm(then_bb, n->then_expr, n->then_expr ? nullptr : c);
  auto [ev, eend] = arm(else_bb, n->else_expr, nullptr);
  b_.SetInsertPoint(done);
  if (result) return result;
  PHINode *phi = b_.CreatePHI(b_.getInt64Ty(), 2);
  phi->addIncoming(tv, tend);
  phi->addIncoming(ev, eend);
  return phi;
}

Value *ProbeEmitter::visit(ast::TupleIndex *n) {
  Value *base = emit_expr(n->base);
  const Type &bt = n->base->type;
  return load_elem(b_.offset(base, bt.elem_offset(n->index)), bt.elems[n->index]);
}

Value *ProbeEmitter::visit(ast::Record *n) { return tuple_value(n->type, n->elems); }

Value *ProbeEmitter::visit(ast::Tuple *n) { return tuple_value(n->type, n->elems); }

Value *ProbeEmitter::tuple_value(const Type &t, const std::vector<ast::Expr *> &elems) {
  Value *buf = buffer(t, "tuple");
  zero_bytes(buf, t.storage_size());
  for (size_t i = 0; i < elems.size(); i++) {
    Value *v = emit_expr(elems[i]);
    store_elem(b_.offset(buf, t.elem_offset(i)), t.elems[i], v, elems[i]->type);
  }
  return buf;
}

Value *ProbeEmitter::visit(ast::Cast *n) {
  Value *v = emit_expr(n->operand);
  const Type &from = n->operand->type;
  if (n->type.is_array()) {
    // An integer's bytes as an array: held, as every array, by its address;
    // a slot of this cast's own, alive for the whole program run.
    uint32_t size = n->type.c_size();
    Value *slot = b_.entry_alloca(size, "cast.array");
    b_.CreateAlignedStore(b_.CreateTrunc(v, b_.getIntNTy(size * 8)), slot, MaybeAlign(1));
    return b_.CreatePtrToInt(slot, b_.getInt64Ty());
  }
  if (from.is_array()) {
    // The array's bytes, read from its address, as one integer.
    uint32_t size = from.c_size();
    Value *slot = local_alloca(8, "cast.int");
    b_.CreateAlignedStore(b_.getInt64(0), slot, MaybeAlign(1));
    b_.call_helper(Helper::ProbeRead, {slot, b_.getInt64(size), b_.CreateIntToPtr(v, b_.getPtrTy())});
    Value *raw = b_.CreateAlignedLoad(b_.getIntNTy(size * 8), slot, MaybeAlign(1));
    return n->type.is_signed ? b_.CreateSExtOrBitCast(raw, b_.getInt64Ty()) : b_.CreateZExtOrBitCast(raw, b_.getInt64Ty());
  }
  if (n->type.is_bool()) {
    // A string is true when not empty: its first byte is not the NUL.
    if (n->operand->type.is_str()) v = b_.CreateZExt(b_.CreateLoad(b_.getInt8Ty(), v), b_.getInt64Ty());
    return b_.CreateZExt(to_bool(v), b_.getInt64Ty());
  }
  return fit_int(v, n->type);
}

// A 64-bit register value cut to an integer type narrower than 64 bits and
// extended back by its sign: what a C cast or store to such a type does.
Value *ProbeEmitter::fit_int(Value *v, const Type &t) {
  if (!t.is_int() || t.bits >= 64) return v;
  Value *narrow = b_.CreateTrunc(v, b_.getIntNTy(t.bits));
  return t.is_signed ? b_.CreateSExt(narrow, b_.getInt64Ty()) : b_.CreateZExt(narrow, b_.getInt64Ty());
}

Value *ProbeEmitter::visit(ast::Sizeof *n) {
  return b_.getInt64(n->size);
}

Value *ProbeEmitter::visit(ast::Offsetof *n) {
  if (n->container) return b_.CreateSub(emit_expr(n->container), b_.getInt64(n->offset), "container");
  return b_.getInt64(n->offset);
}

}  // namespace bpfsh::codegen
