// for ($i : lo..hi) and for ($kv : @map): the body becomes a BPF callback
// run by bpf_loop / bpf_for_each_map_elem, because the verifier can not
// bound a plain loop whose trip count is only known at run time.
//
// The callback sees the probe's variables through a frame on the probe's
// stack: [0] the probe context, [1] the address of a "stop the probe" flag,
// [2] the range start, then the address of every variable the body names.
#include <set>

#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;
using ast::Type;

namespace {

constexpr unsigned kCtxSlot = 0, kStopSlot = 1, kStartSlot = 2, kFirstVarSlot = 3;
constexpr uint64_t kMaxLoops = 1u << 23;  // bpf_loop's limit

// The variables a loop body names, with their types; loop variables of
// nested loops belong to those loops' own callbacks.
class VarCollector : public ast::Visitor<VarCollector> {
 public:
  std::map<std::string, Type> vars;
  std::set<std::string> loop_vars;

  using Visitor::visit;
  void visit(ast::Var *n) { vars.emplace(n->name, n->type); }
  void visit(ast::Let *n) {
    vars.emplace(n->name, n->var_type);
    walk(n->value);
  }
  void visit(ast::For *n) {
    loop_vars.insert(n->var);
    Visitor::visit(n);
  }
};

}  // namespace

// BTF names must be C identifiers: no LLVM ".N" suffixes.
std::string ProbeEmitter::callback_name(const char *what) {
  return fn_->getName().str() + "_" + what + std::to_string(ms_.callbacks++);
}

// Runs `emit_body` inside a new callback function whose arguments are
// `params`; the last argument is the frame. Returns the callback.
Function *ProbeEmitter::emit_callback(const std::string &name, ArrayRef<llvm::Type *> params,
                                      const std::vector<std::string> &var_names,
                                      const std::function<void(Function *)> &emit_body) {
  auto *fty = FunctionType::get(b_.getInt64Ty(), params, false);
  auto *cb = Function::Create(fty, Function::InternalLinkage, name, *ms_.module);
  ms_.defs->describe_function(*cb);
  // The outer function's state is set aside while the callback is built.
  CallbackState saved{fn_,        ctx_,         std::move(vars_), std::move(loops_), seen_buf_,
                      stop_flag_, scratch_init_, scratch_ok_,      scratch_ptr_,      b_.saveIP()};
  fn_ = cb;
  vars_.clear();
  loops_.clear();
  seen_buf_ = nullptr;
  BasicBlock *entry = BasicBlock::Create(b_.getContext(), "entry", cb);
  BasicBlock *body = BasicBlock::Create(b_.getContext(), "body", cb);
  start_function(entry, body);
  Value *frame = cb->getArg(cb->arg_size() - 1);
  // The frame holds addresses of 8-aligned stack slots; saying so keeps
  // LLVM from splitting every access into bytes, which also costs the
  // verifier the bounds it needs for loops inside the body.
  auto *align8 = MDNode::get(b_.getContext(), ConstantAsMetadata::get(b_.getInt64(8)));
  auto slot = [&](unsigned i, const Twine &n) {
    LoadInst *p = b_.CreateLoad(b_.getPtrTy(), b_.offset(frame, i * 8), n);
    p->setMetadata(LLVMContext::MD_align, align8);
    p->setMetadata(LLVMContext::MD_nonnull, MDNode::get(b_.getContext(), {}));
    b_.CreateAlignmentAssumption(ms_.module->getDataLayout(), p, 8);
    return p;
  };
  ctx_ = slot(kCtxSlot, "ctx");
  stop_flag_ = slot(kStopSlot, "stop");
  for (size_t i = 0; i < var_names.size(); i++)
    vars_[var_names[i]] = slot(kFirstVarSlot + static_cast<unsigned>(i), var_names[i]);
  emit_body(cb);
  b_.CreateRet(b_.getInt64(0));  // on to the next iteration
  fn_ = saved.fn;
  ctx_ = saved.ctx;
  vars_ = std::move(saved.vars);
  loops_ = std::move(saved.loops);
  seen_buf_ = saved.seen_buf;
  stop_flag_ = saved.stop_flag;
  scratch_init_ = saved.scratch_init;
  scratch_ok_ = saved.scratch_ok;
  scratch_ptr_ = saved.scratch_ptr;
  b_.restoreIP(saved.ip);
  return cb;
}

// Leaves the probe: from inside a loop callback, by raising the stop flag
// and ending the loop; the caller checks the flag after the helper returns.
void ProbeEmitter::leave_probe() {
  if (stop_flag_) {
    b_.CreateStore(b_.getInt64(1), stop_flag_);
    b_.CreateRet(b_.getInt64(1));
  } else {
    b_.CreateRet(exit_value());
  }
}

Value *ProbeEmitter::visit(ast::For *n) {
  VarCollector vc;
  vc.walk(n->body);
  vc.vars.erase(n->var);
  for (auto &v : vc.loop_vars) vc.vars.erase(v);
  std::vector<std::string> names;
  for (auto &[name, t] : vc.vars) {
    var_slot(name, t);
    names.push_back(name);
  }
  // The frame and the stop flag live on this function's stack.
  Value *frame = local_alloca(static_cast<uint32_t>((kFirstVarSlot + names.size()) * 8), "loop.frame");
  Value *stop = local_alloca_i64("loop.stop");
  b_.CreateStore(b_.getInt64(0), stop);
  b_.CreateStore(ctx_, b_.offset(frame, kCtxSlot * 8));
  b_.CreateStore(stop, b_.offset(frame, kStopSlot * 8));
  b_.CreateStore(b_.getInt64(0), b_.offset(frame, kStartSlot * 8));
  for (size_t i = 0; i < names.size(); i++)
    b_.CreateStore(vars_[names[i]], b_.offset(frame, static_cast<uint32_t>((kFirstVarSlot + i) * 8)));

  if (n->map) for_map(n, frame, names);
  else for_range(n, frame, names);

  BasicBlock *leave = BasicBlock::Create(b_.getContext(), "loop.leave", fn_);
  BasicBlock *done = BasicBlock::Create(b_.getContext(), "loop.done", fn_);
  b_.CreateCondBr(b_.CreateICmpNE(b_.CreateLoad(b_.getInt64Ty(), stop), b_.getInt64(0)), leave, done);
  b_.SetInsertPoint(leave);
  leave_probe();
  b_.SetInsertPoint(done);
  return nullptr;
}

void ProbeEmitter::for_range(ast::For *n, Value *frame, const std::vector<std::string> &names) {
  Value *lo = emit_expr(n->range_lo);
  Value *hi = emit_expr(n->range_hi);
  b_.CreateStore(lo, b_.offset(frame, kStartSlot * 8));
  // An empty or reversed range runs no iteration; bpf_loop refuses more than 2^23.
  Value *count = b_.CreateSelect(b_.CreateICmpSGT(hi, lo), b_.CreateSub(hi, lo), b_.getInt64(0));
  count = b_.CreateSelect(b_.CreateICmpUGT(count, b_.getInt64(kMaxLoops)), b_.getInt64(kMaxLoops), count);
  Function *cb = emit_callback(
      callback_name("range"), {b_.getInt64Ty(), b_.getPtrTy()}, names, [&](Function *f) {
        Value *start = b_.CreateLoad(b_.getInt64Ty(), b_.offset(f->getArg(1), kStartSlot * 8), "start");
        Value *slot = var_slot(n->var, Type::integer(64, true));
        b_.CreateStore(b_.CreateAdd(start, f->getArg(0)), slot);
        dispatch(n->body);
      });
  // A range the verifier knows to be empty would leave the callback unvisited;
  // 6.18 then drops it but keeps the reference ("No program to jit"). With
  // the call under a branch, the reference goes too.
  BasicBlock *run = BasicBlock::Create(b_.getContext(), "range.run", fn_);
  BasicBlock *after = BasicBlock::Create(b_.getContext(), "range.after", fn_);
  b_.CreateCondBr(b_.CreateICmpNE(count, b_.getInt64(0)), run, after);
  b_.SetInsertPoint(run);
  b_.call_helper(Helper::Loop, {count, cb, frame, b_.getInt64(0)});
  b_.CreateBr(after);
  b_.SetInsertPoint(after);
}

void ProbeEmitter::for_map(ast::For *n, Value *frame, const std::vector<std::string> &names) {
  auto *m = static_cast<ast::MapRef *>(n->map);
  const sema::MapInfo &mi = map_info(m);
  Type entry = Type::tuple({mi.key, m->type});
  Function *cb = emit_callback(callback_name("each"),
                               {b_.getPtrTy(), b_.getPtrTy(), b_.getPtrTy(), b_.getPtrTy()}, names,
                               [&](Function *f) {
                                 Value *slot = var_slot(n->var, entry);
                                 // Each part's own bytes: the tuple packs them as C does.
                                 copy_bytes(slot, f->getArg(1), mi.key.field_size());
                                 Value *val = b_.offset(slot, entry.elem_offset(1));
                                 if (mi.value.is_agg())
                                   b_.CreateStore(percpu_total(m, f->getArg(1)), val);
                                 else
                                   copy_bytes(val, f->getArg(2), mi.value.field_size());
                                 dispatch(n->body);
                               });
  b_.call_helper(Helper::ForEachMapElem, {map_global(m), cb, frame, b_.getInt64(0)});
}

}  // namespace bpfsh::codegen
