// Statements and control flow.
#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;
using ast::Type;

Value *ProbeEmitter::visit(ast::ExprStmt *n) {
  emit_expr(n->expr);
  return nullptr;
}

Value *ProbeEmitter::visit(ast::Assign *n) {
  if (n->target->kind == ast::ExprKind::Map) {
    auto *m = static_cast<ast::MapRef *>(n->target);
    // A refused write is reported at the statement, as bpftrace does.
    SourceRange outer = site_;
    site_ = n->range;
    if (n->value->type.is_agg()) {
      emit_aggregation(m, static_cast<ast::Call *>(n->value));
    } else if (n->has_op) {
      Value *rhs = pointer_step(m->type, emit_expr(n->value));
      update_int_map(m, n->op, rhs, false);
    } else if (n->value->kind == ast::ExprKind::Str) {
      write_map(m, nullptr, n->value->type, n->value);
    } else {
      Value *v = emit_expr(n->value);
      write_map(m, v, n->value->type);
    }
    site_ = outer;
    return nullptr;
  }
  auto *v = static_cast<ast::Var *>(n->target);
  Value *slot = var_slot(v->name, v->type);
  if (n->has_op) {
    Value *old = b_.CreateLoad(b_.getInt64Ty(), slot);
    Value *rhs = pointer_step(v->type, emit_expr(n->value));
    Value *nv = arith(n->op, old, rhs, v->type.is_signed);
    b_.CreateStore(fit_int(nv, v->type), slot);
    return nullptr;
  }
  Value *val = emit_expr(n->value);
  if (v->type.is_scalar()) {
    b_.CreateStore(fit_int(val, v->type), slot);
  } else {
    zero_bytes(slot, v->type.storage_size());
    store_value(slot, v->type, val, n->value->type);
  }
  return nullptr;
}

Value *ProbeEmitter::visit(ast::Let *n) {
  Value *slot = var_slot(n->name, n->var_type);
  if (!n->value) return nullptr;
  Value *val = emit_expr(n->value);
  if (n->var_type.is_scalar()) {
    b_.CreateStore(fit_int(val, n->var_type), slot);
  } else {
    zero_bytes(slot, n->var_type.storage_size());
    store_value(slot, n->var_type, val, n->value->type);
  }
  return nullptr;
}

namespace {

const char *loop_kind(ast::StmtKind k) {
  switch (k) {
    case ast::StmtKind::While: return "while";
    case ast::StmtKind::For: return "for";
    case ast::StmtKind::Unroll: return "unroll";
    default: return nullptr;
  }
}

// A variable of array or record type holds its value's address, which may
// be one of the statement's temporaries (a tuple's element).
bool holds_address(ast::Stmt *s) {
  const Type *t = nullptr;
  if (s->kind == ast::StmtKind::Let) t = &static_cast<ast::Let *>(s)->var_type;
  if (s->kind == ast::StmtKind::Assign && static_cast<ast::Assign *>(s)->target->kind == ast::ExprKind::Var)
    t = &static_cast<ast::Assign *>(s)->target->type;
  return t && (t->is_array() || t->is_record());
}

}  // namespace

// A statement's instructions carry its place (debug_locations.h), where it
// is registered with the innermost loop around it.
void ProbeEmitter::emit_stmt(ast::Stmt *s) {
  bool loop = loop_kind(s->kind) != nullptr;
  if (loop) source_loops_.push_back(s);
  StmtSite site{span_of(s->range), {}, ""};
  if (!source_loops_.empty()) {
    site.loop = span_of(source_loops_.back()->range);
    site.loop_kind = loop_kind(source_loops_.back()->kind);
  }
  ms_.stmt_sites.emplace(std::pair{s->range.begin.line, btf_column(s->range.begin.col)}, site);
  LocationScope here(b_, fn_, s->range);
  open_temps();
  dispatch(s);
  close_temps(holds_address(s));
  if (loop) source_loops_.pop_back();
}

Value *ProbeEmitter::visit(ast::Block *n) {
  for (auto *s : n->stmts) emit_stmt(s);
  return nullptr;
}

// { stmts; value }: the statements run, then the value is the block's.
Value *ProbeEmitter::visit(ast::BlockValue *n) {
  dispatch(n->body);
  return emit_expr(n->value);
}

Value *ProbeEmitter::visit(ast::If *n) {
  Value *c = to_bool(emit_expr(n->cond));
  BasicBlock *then_bb = BasicBlock::Create(b_.getContext(), "if.then", fn_);
  BasicBlock *else_bb = n->else_stmt ? BasicBlock::Create(b_.getContext(), "if.else", fn_) : nullptr;
  BasicBlock *done = BasicBlock::Create(b_.getContext(), "if.done", fn_);
  b_.CreateCondBr(c, then_bb, else_bb ? else_bb : done);
  b_.SetInsertPoint(then_bb);
  dispatch(n->then_block);
  b_.CreateBr(done);
  if (else_bb) {
    b_.SetInsertPoint(else_bb);
    emit_stmt(n->else_stmt);
    b_.CreateBr(done);
  }
  b_.SetInsertPoint(done);
  return nullptr;
}

Value *ProbeEmitter::visit(ast::While *n) {
  BasicBlock *cond_bb = BasicBlock::Create(b_.getContext(), "while.cond", fn_);
  BasicBlock *body_bb = BasicBlock::Create(b_.getContext(), "while.body", fn_);
  BasicBlock *done = BasicBlock::Create(b_.getContext(), "while.done", fn_);
  b_.CreateBr(cond_bb);
  b_.SetInsertPoint(cond_bb);
  b_.CreateCondBr(to_bool(emit_expr(n->cond)), body_bb, done);
  b_.SetInsertPoint(body_bb);
  loops_.push_back({cond_bb, done});
  dispatch(n->body);
  loops_.pop_back();
  b_.CreateBr(cond_bb);
  b_.SetInsertPoint(done);
  return nullptr;
}

Value *ProbeEmitter::visit(ast::Unroll *n) {
  auto count = static_cast<ast::IntLit *>(n->count)->value;
  for (uint64_t i = 0; i < count; i++) dispatch(n->body);
  return nullptr;
}

Value *ProbeEmitter::visit(ast::Jump *n) {
  if (n->jump == ast::JumpKind::Return) {
    leave_probe();
  } else if (loops_.empty()) {
    // In a for loop's callback: 1 ends the iterations, 0 goes on.
    b_.CreateRet(b_.getInt64(n->jump == ast::JumpKind::Break ? 1 : 0));
  } else {
    const Loop &l = loops_.back();
    b_.CreateBr(n->jump == ast::JumpKind::Break ? l.exit : l.cont);
  }
  start_dead_block();
  return nullptr;
}

// Code after exit(), return, break or continue is unreachable; give it a
// block of its own so the IR stays well-formed (LLVM drops it).
void ProbeEmitter::start_dead_block() {
  b_.SetInsertPoint(BasicBlock::Create(b_.getContext(), "dead", fn_));
}

}  // namespace bpfsh::codegen
