// The output family: printf, system, cat, errorf, warnf, print, join and
// exit, events user space finishes (print() of kernel memory is in
// calls_output_memory.cpp).
#include "codegen/emitters.h"
#include "common/format_string.h"

namespace bpfsh::codegen {

using namespace llvm;
using ast::Type;

namespace {
constexpr uint32_t kJoinArgSize = 256;  // bytes kept of each joined string
}  // namespace

// Records the format and the layout of its arguments; returns the format id.
uint32_t ProbeEmitter::add_format(ast::Call *n, size_t first_arg, uint32_t &payload_size) {
  FormatSpec spec;
  spec.fmt = static_cast<ast::StrLit *>(n->args[0])->value;
  for (const FormatPiece &p : parse_format(spec.fmt).pieces)
    if (p.is_spec && p.conv == 'g') spec.gfp_names = info_.gfp_names;
  uint32_t off = 0;
  for (size_t i = first_arg; i < n->args.size(); i++) {
    Layout l = to_layout(n->args[i]->type);
    spec.args.push_back({l, off});
    off += l.size;
  }
  payload_size = off;
  ms_.artifact.formats.push_back(std::move(spec));
  return static_cast<uint32_t>(ms_.artifact.formats.size() - 1);
}

void ProbeEmitter::emit_format_event(ast::Call *n, EventType type) {
  uint32_t payload_size = 0;
  uint32_t id = add_format(n, 1, payload_size);
  const FormatSpec &spec = ms_.artifact.formats[id];
  uint32_t size = sizeof(EventHeader) + payload_size;
  Value *ev = temp(size, n->name + ".event");
  zero_bytes(ev, size);
  uint64_t header = static_cast<uint64_t>(type) | (static_cast<uint64_t>(id) << 32);
  b_.CreateAlignedStore(b_.getInt64(header), ev, MaybeAlign(8));
  for (size_t i = 1; i < n->args.size(); i++) {
    ast::Expr *a = n->args[i];
    Type t = a->type.is_int() ? a->type.widened() : a->type;
    Value *slot = b_.offset(ev, sizeof(EventHeader) + spec.args[i - 1].offset);
    if (!emit_into(slot, t, a)) store_value(slot, t, emit_expr(a), a->type);
  }
  ringbuf_output(ev, size);
}

Value *ProbeEmitter::call_printf(ast::Call *n) {
  emit_format_event(n, EventType::Printf);
  return b_.getInt64(0);
}

Value *ProbeEmitter::call_system(ast::Call *n) {
  emit_format_event(n, EventType::System);
  return b_.getInt64(0);
}

Value *ProbeEmitter::call_cat(ast::Call *n) {
  emit_format_event(n, EventType::Cat);
  return b_.getInt64(0);
}

Value *ProbeEmitter::call_print(ast::Call *n) {
  auto *a = n->args[0];
  if (a->kind == ast::ExprKind::Map && static_cast<ast::MapRef *>(a)->keys.empty()) {
    auto *m = static_cast<ast::MapRef *>(a);
    auto arg = [&](size_t i) { return i < n->args.size() ? static_cast<ast::IntLit *>(n->args[i])->value : 0; };
    Value *payload = local_alloca(16, "print.args");
    b_.CreateAlignedStore(b_.getInt64(arg(1)), payload, MaybeAlign(8));
    b_.CreateAlignedStore(b_.getInt64(arg(2)), b_.offset(payload, 8), MaybeAlign(8));
    emit_event(EventType::PrintMap, map_id(m->name), payload, 16);
    return b_.getInt64(0);
  }
  Type t = a->type.is_int() ? a->type.widened() : a->type;
  ms_.artifact.values.push_back(to_layout(t));
  uint32_t id = static_cast<uint32_t>(ms_.artifact.values.size() - 1);
  Value *v = emit_expr(a);
  if (t.is_record() || t.is_array()) {
    print_kernel_memory(v, t, id);
    return b_.getInt64(0);
  }
  Value *buf = buffer(t, "print.value");
  zero_bytes(buf, t.storage_size());
  store_value(buf, t, v, a->type);
  emit_event(EventType::PrintValue, id, buf, t.storage_size());
  return b_.getInt64(0);
}

// exit([status]) ends this program run too: nothing after it executes. The
// status travels with the event: bpfsh exits with it.
Value *ProbeEmitter::call_exit(ast::Call *n) {
  Value *status = local_alloca(8, "exit.status");
  Value *v = b_.getInt64(0);
  if (!n->args.empty()) {
    v = emit_expr(n->args[0]);
    if (v->getType() != b_.getInt64Ty())
      v = n->args[0]->type.is_signed ? b_.CreateSExtOrTrunc(v, b_.getInt64Ty()) : b_.CreateZExtOrTrunc(v, b_.getInt64Ty());
  }
  b_.CreateAlignedStore(v, status, MaybeAlign(8));
  emit_event(EventType::Exit, 0, status, 8);
  leave_probe();
  start_dead_block();
  return b_.getInt64(0);
}


// errorf/warnf: a printf whose format knows it is a message about this call.
void ProbeEmitter::emit_message(ast::Call *n, FormatSpec::Level level) {
  size_t id = ms_.artifact.formats.size();
  emit_format_event(n, EventType::Printf);
  if (id < ms_.artifact.formats.size()) {
    auto &f = ms_.artifact.formats[id];
    f.level = level;
    f.site = static_cast<int32_t>(add_site(n->range, ""));
  }
}

Value *ProbeEmitter::call_errorf(ast::Call *n) {
  emit_message(n, FormatSpec::Level::Error);
  return b_.getInt64(0);
}

Value *ProbeEmitter::call_warnf(ast::Call *n) {
  emit_message(n, FormatSpec::Level::Warning);
  return b_.getInt64(0);
}

// join(argv[, sep]): copies up to max_args strings of a NULL-ended array of
// string pointers into a per-CPU scratch slot (too big for the BPF stack)
// and sends it; user space joins them with sep.
Value *ProbeEmitter::call_join(ast::Call *n) {
  JoinSpec spec;
  spec.arg_size = kJoinArgSize;
  if (n->args.size() == 2) spec.sep = static_cast<ast::StrLit *>(n->args[1])->value;
  ms_.artifact.joins.push_back(spec);
  uint32_t id = static_cast<uint32_t>(ms_.artifact.joins.size() - 1);
  uint64_t size = sizeof(EventHeader) + 8 + uint64_t(spec.max_args) * spec.arg_size;
  if (!ms_.join_buf) ms_.join_buf = ms_.defs->define("join_buf", BpfMapType::PerCpuArray, 1, 4, uint32_t(size));
  Value *argv = emit_expr(n->args[0]);
  auto &ctx = b_.getContext();
  Value *key = local_alloca(4, "join.key");
  b_.CreateAlignedStore(b_.getInt32(0), key, MaybeAlign(4));
  Value *ev = b_.map_lookup(ms_.join_buf, key, "join.buf");
  BasicBlock *fill = BasicBlock::Create(ctx, "join.fill", fn_);
  BasicBlock *send = BasicBlock::Create(ctx, "join.send", fn_);
  BasicBlock *done = BasicBlock::Create(ctx, "join.done", fn_);
  b_.CreateCondBr(b_.CreateIsNotNull(ev), fill, done);
  b_.SetInsertPoint(fill);
  uint64_t header = static_cast<uint64_t>(EventType::Join) | (static_cast<uint64_t>(id) << 32);
  b_.CreateAlignedStore(b_.getInt64(header), ev, MaybeAlign(8));
  Value *count = b_.offset(ev, sizeof(EventHeader));
  b_.CreateAlignedStore(b_.getInt64(0), count, MaybeAlign(8));
  Value *ptr = local_alloca_i64("join.ptr");
  for (uint32_t i = 0; i < spec.max_args; i++) {
    b_.CreateStore(b_.getInt64(0), ptr);
    Value *at = b_.CreateIntToPtr(b_.CreateAdd(argv, b_.getInt64(8 * i)), b_.getPtrTy());
    b_.call_helper(Helper::ProbeRead, {ptr, b_.getInt64(8), at});
    Value *p = b_.CreateLoad(b_.getInt64Ty(), ptr);
    BasicBlock *next = BasicBlock::Create(ctx, "join.arg", fn_);
    b_.CreateCondBr(b_.CreateICmpEQ(p, b_.getInt64(0)), send, next);
    b_.SetInsertPoint(next);
    Value *dst = b_.offset(count, 8 + i * spec.arg_size);
    b_.CreateAlignedStore(b_.getInt8(0), dst, MaybeAlign(1));
    b_.call_helper(Helper::ProbeReadStr, {dst, b_.getInt64(spec.arg_size), b_.CreateIntToPtr(p, b_.getPtrTy())});
    b_.CreateAlignedStore(b_.getInt64(i + 1), count, MaybeAlign(8));
  }
  b_.CreateBr(send);
  b_.SetInsertPoint(send);
  ringbuf_output(ev, size);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return b_.getInt64(0);
}

std::span<const Emitter> output_emitters() {
  using sema::registry::EmitId;
  static const Emitter table[] = {
      {EmitId::Printf, &ProbeEmitter::call_printf}, {EmitId::System, &ProbeEmitter::call_system},
      {EmitId::Cat, &ProbeEmitter::call_cat},       {EmitId::Errorf, &ProbeEmitter::call_errorf},
      {EmitId::Warnf, &ProbeEmitter::call_warnf},   {EmitId::Print, &ProbeEmitter::call_print},
      {EmitId::Exit, &ProbeEmitter::call_exit},     {EmitId::Join, &ProbeEmitter::call_join},
  };
  return table;
}

}  // namespace bpfsh::codegen
