// globmatch(str, pat): whether the whole string matches the glob pattern
// (`?` one byte, `*` any run, `[abc]`, `[a-z]`, `[!...]` one byte of a set),
// with no special meaning for `/`. The classic matcher that remembers the
// last `*` and retries from one byte further on a mismatch, run as a state
// machine in one bpf_loop callback: each call takes one step (a pattern
// byte, or one member of a class), so the verifier walks the step once.
#include <algorithm>

#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;

namespace {

// What the callback is handed, on the caller's stack: the operands and
// where the matcher's variables are. Those live in scratch (a map value),
// whose bytes the verifier reads as unknowns: on the stack it would follow
// every position as a constant of its own and never see the loop converge.
enum GlobArg : uint32_t { kStr, kPat, kVars, kGlobArgs };
enum GlobVar : uint32_t {
  kS, kP, kStarP, kStarS, kResult,
  kInClass, kClassAt, kNegated, kMatched, kFirst,  // inside [...]
  kGlobVars,
};

// Builds the callback's blocks: the step over a plain pattern byte, the
// step over one member of a class, and the retry from the last *.
struct GlobSteps {
  IRBuilderBPF &b;
  Function *cb;
  Value *state, *vars = nullptr;
  uint32_t str_size, pat_size;
  BasicBlock *fail = nullptr;

  BasicBlock *block(const char *name) { return BasicBlock::Create(b.getContext(), name, cb); }
  Value *arg(uint32_t i) { return b.offset(state, i * 8); }
  Value *slot(uint32_t i) { return b.offset(vars, i * 8); }
  Value *get(uint32_t i) { return b.CreateLoad(b.getInt64Ty(), slot(i)); }
  void set(uint32_t i, Value *v) { b.CreateStore(v, slot(i)); }
  void set_to(uint32_t i, uint64_t v) { set(i, b.getInt64(v)); }
  Value *plus(Value *v, uint64_t n) { return b.CreateAdd(v, b.getInt64(n)); }
  void go_on() { b.CreateRet(b.getInt64(0)); }
  void stop() { b.CreateRet(b.getInt64(1)); }
  Value *is(Value *c, char ch) { return b.CreateICmpEQ(c, b.getInt8(static_cast<uint8_t>(ch))); }

  // The byte at idx of the operand in argument `which`, 0 past its end; its
  // address is loaded after the bound check, which the verifier then knows
  // holds for idx.
  Value *byte(uint32_t which, Value *idx, uint32_t size) {
    BasicBlock *from = b.GetInsertBlock(), *in = block("in"), *join = block("join");
    b.CreateCondBr(b.CreateICmpULT(idx, b.getInt64(size)), in, join);
    b.SetInsertPoint(in);
    Value *base = b.CreateLoad(b.getPtrTy(), arg(which), /*isVolatile=*/true);
    Value *v = b.CreateLoad(b.getInt8Ty(), b.CreateGEP(b.getInt8Ty(), base, idx), /*isVolatile=*/true);
    b.CreateBr(join);
    b.SetInsertPoint(join);
    PHINode *phi = b.CreatePHI(b.getInt8Ty(), 2);
    phi->addIncoming(b.getInt8(0), from);
    phi->addIncoming(v, in);
    return phi;
  }
  void branch(Value *cond, BasicBlock *yes) {
    BasicBlock *no = block("no");
    b.CreateCondBr(cond, yes, no);
    b.SetInsertPoint(no);
  }

  // One pattern byte against one string byte.
  void plain_step() {
    BasicBlock *star = block("star"), *end = block("end"), *advance = block("advance"), *open = block("open");
    Value *p = get(kP), *s = get(kS);
    Value *pc = byte(kPat, p, pat_size);
    Value *sc = byte(kStr, s, str_size);
    branch(is(pc, '*'), star);
    branch(is(sc, 0), end);
    branch(is(pc, '?'), advance);
    branch(is(pc, '['), open);
    b.CreateCondBr(b.CreateICmpEQ(pc, sc), advance, fail);
    b.SetInsertPoint(star);
    set(kStarP, p), set(kStarS, s), set(kP, plus(p, 1)), go_on();
    // The string ended: a match when the pattern did too (a trailing * was taken above).
    b.SetInsertPoint(end);
    set(kResult, b.CreateZExt(is(pc, 0), b.getInt64Ty())), stop();
    b.SetInsertPoint(advance);
    set(kP, plus(get(kP), 1)), set(kS, plus(get(kS), 1)), go_on();
    b.SetInsertPoint(open);
    Value *at = plus(p, 1);
    Value *negated = b.CreateZExt(is(byte(kPat, at, pat_size), '!'), b.getInt64Ty());
    set(kClassAt, b.CreateAdd(at, negated)), set(kNegated, negated), set_to(kMatched, 0), set_to(kFirst, 1);
    set_to(kInClass, 1), go_on();
  }

  // A mismatch: the last * takes one more byte, or there is no match.
  void retry_step() {
    BasicBlock *retry = block("retry"), *none = block("none");
    b.SetInsertPoint(fail);
    set_to(kInClass, 0);
    Value *star_p = get(kStarP);
    b.CreateCondBr(b.CreateICmpSLT(star_p, b.getInt64(0)), none, retry);
    b.SetInsertPoint(none);
    set_to(kResult, 0), stop();
    b.SetInsertPoint(retry);
    Value *from = plus(get(kStarS), 1);
    set(kStarS, from), set(kS, from), set(kP, plus(star_p, 1)), go_on();
  }

  // One member of a class ([a], [a-z]) against the string byte; a ] that
  // is not the first member closes it.
  void class_step() {
    BasicBlock *close = block("close"), *member = block("member"), *took = block("took");
    Value *cp = get(kClassAt);
    Value *c = byte(kPat, cp, pat_size);
    Value *sb = byte(kStr, get(kS), str_size);
    branch(is(c, 0), fail);  // no closing ]
    b.CreateCondBr(b.CreateAnd(is(c, ']'), b.CreateICmpEQ(get(kFirst), b.getInt64(0))), close, member);
    b.SetInsertPoint(close);
    set_to(kInClass, 0);
    b.CreateCondBr(b.CreateICmpNE(get(kMatched), get(kNegated)), took, fail);
    b.SetInsertPoint(took);
    set(kP, plus(cp, 1)), set(kS, plus(get(kS), 1)), go_on();
    b.SetInsertPoint(member);
    set_to(kFirst, 0);
    Value *dash = byte(kPat, plus(cp, 1), pat_size);
    Value *hi = byte(kPat, plus(cp, 2), pat_size);
    Value *range = b.CreateAnd(is(dash, '-'), b.CreateAnd(b.CreateNot(is(hi, ']')), b.CreateNot(is(hi, 0))));
    Value *in_range = b.CreateAnd(b.CreateICmpULE(c, sb), b.CreateICmpULE(sb, hi));
    Value *hit = b.CreateSelect(range, in_range, b.CreateICmpEQ(c, sb));
    set(kMatched, b.CreateSelect(hit, b.getInt64(1), get(kMatched)));
    set(kClassAt, b.CreateAdd(cp, b.CreateSelect(range, b.getInt64(3), b.getInt64(1)))), go_on();
  }
};

}  // namespace

Function *ProbeEmitter::glob_callback(uint32_t str_size, uint32_t pat_size) {
  Function *cb = loop_callback("globmatch");
  IRBuilderBase::InsertPoint saved = b_.saveIP();
  GlobSteps g{b_, cb, cb->getArg(1), nullptr, str_size, pat_size};
  BasicBlock *entry = g.block("entry"), *plain = g.block("plain"), *cls = g.block("class");
  g.fail = g.block("fail");
  b_.SetInsertPoint(entry);
  g.vars = b_.CreateLoad(b_.getPtrTy(), g.arg(kVars), "vars");
  b_.CreateCondBr(b_.CreateICmpNE(g.get(kInClass), b_.getInt64(0)), cls, plain);
  b_.SetInsertPoint(plain);
  g.plain_step();
  b_.SetInsertPoint(cls);
  g.class_step();
  g.retry_step();
  b_.restoreIP(saved);
  return cb;
}

Value *ProbeEmitter::call_globmatch(ast::Call *n) {
  std::vector<AllocaInst *> scoped;
  Value *str = search_operand(n->args[0], scoped);
  Value *pat = search_operand(n->args[1], scoped);
  uint32_t str_size = n->args[0]->type.str_size, pat_size = n->args[1]->type.str_size;
  AllocaInst *state = b_.entry_alloca(kGlobArgs * 8, "glob.state");
  b_.CreateLifetimeStart(state, b_.getInt64(kGlobArgs * 8));
  Value *vars = scratch_temp(kGlobVars * 8, "glob.vars");
  b_.zero(vars, kGlobVars * 8);
  b_.CreateStore(b_.getInt64(-1), b_.offset(vars, kStarP * 8));
  b_.CreateStore(str, b_.offset(state, kStr * 8));
  b_.CreateStore(pat, b_.offset(state, kPat * 8));
  b_.CreateStore(vars, b_.offset(state, kVars * 8));
  // Each retry from a * walks at most the rest of both strings again.
  uint64_t steps = std::min<uint64_t>(uint64_t(str_size + 1) * (str_size + pat_size + 2), 1u << 23);
  b_.call_helper(Helper::Loop, {b_.getInt64(steps), glob_callback(str_size, pat_size), state, b_.getInt64(0)});
  Value *result = b_.CreateLoad(b_.getInt64Ty(), b_.offset(vars, kResult * 8), "glob.result");
  b_.CreateLifetimeEnd(state, b_.getInt64(kGlobArgs * 8));
  for (AllocaInst *a : scoped) b_.CreateLifetimeEnd(a, b_.getInt64(*a->getAllocationSize(ms_.module->getDataLayout())));
  return result;
}

}  // namespace bpfsh::codegen
