// Functions that talk to user space through the ring buffer: printf, print,
// exit, clear, zero, system, cat.
#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;
using ast::Type;

const std::map<std::string, ProbeEmitter::CallEmit> &ProbeEmitter::call_table() {
  static const std::map<std::string, CallEmit> table = {
      {"printf", &ProbeEmitter::call_printf}, {"system", &ProbeEmitter::call_printf},
      {"cat", &ProbeEmitter::call_printf},    {"print", &ProbeEmitter::call_print},
      {"exit", &ProbeEmitter::call_exit},     {"clear", &ProbeEmitter::call_map_op},
      {"zero", &ProbeEmitter::call_map_op},   {"delete", &ProbeEmitter::call_delete},
      {"str", &ProbeEmitter::call_str},       {"strncmp", &ProbeEmitter::call_strncmp},
      {"ntop", &ProbeEmitter::call_ntop},     {"kstack", &ProbeEmitter::call_stack},
      {"ustack", &ProbeEmitter::call_stack},  {"ksym", &ProbeEmitter::call_sym},
      {"usym", &ProbeEmitter::call_sym},      {"kaddr", &ProbeEmitter::call_addr},
      {"uaddr", &ProbeEmitter::call_addr},    {"reg", &ProbeEmitter::call_reg},
      {"time", &ProbeEmitter::call_time},     {"errorf", &ProbeEmitter::call_message},
      {"warnf", &ProbeEmitter::call_message}, {"signal", &ProbeEmitter::call_signal},
      {"join", &ProbeEmitter::call_join},     {"strftime", &ProbeEmitter::call_strftime},
      {"strlen", &ProbeEmitter::call_strlen}, {"strstr", &ProbeEmitter::call_strstr},
      {"strcontains", &ProbeEmitter::call_strstr},
      {"buf", &ProbeEmitter::call_buf},       {"macaddr", &ProbeEmitter::call_macaddr},
      {"bswap", &ProbeEmitter::call_bswap},   {"has_key", &ProbeEmitter::call_has_key},
      {"len", &ProbeEmitter::call_len},
      {"pton", &ProbeEmitter::call_pton},     {"path", &ProbeEmitter::call_path},
      {"strerror", &ProbeEmitter::call_named_number}, {"signal_name", &ProbeEmitter::call_named_number},
      {"syscall_name", &ProbeEmitter::call_named_number}, {"cgroup_path", &ProbeEmitter::call_named_number},
      {"nsecs", &ProbeEmitter::call_nsecs},   {"signal_thread", &ProbeEmitter::call_signal},
      {"is_err", &ProbeEmitter::call_is_err}, {"find", &ProbeEmitter::call_find},
      {"memcmp", &ProbeEmitter::call_memcmp}, {"unwatch", &ProbeEmitter::call_unwatch},
  };
  return table;
}

Value *ProbeEmitter::visit(ast::Call *n) {
  auto it = call_table().find(n->name);
  if (it == call_table().end()) return b_.getInt64(0);  // aggregations come through Assign
  return (this->*(it->second))(n);
}

// Pushes `payload_size` bytes at `payload` behind an EventHeader.
void ProbeEmitter::emit_event(EventType type, uint32_t id, Value *payload, uint32_t payload_size) {
  uint32_t size = sizeof(EventHeader) + payload_size;
  Value *ev = temp(size, "event");
  uint64_t header = static_cast<uint64_t>(type) | (static_cast<uint64_t>(id) << 32);
  b_.CreateAlignedStore(b_.getInt64(header), ev, MaybeAlign(8));
  if (payload_size) b_.copy(b_.offset(ev, sizeof(EventHeader)), payload, payload_size);
  ringbuf_output(ev, size);
}

// Records the format and the layout of its arguments; returns the format id.
uint32_t ProbeEmitter::add_format(ast::Call *n, size_t first_arg, uint32_t &payload_size) {
  FormatSpec spec;
  spec.fmt = static_cast<ast::StrLit *>(n->args[0])->value;
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
  b_.zero(ev, size);
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
  EventType t = n->name == "system" ? EventType::System
                : n->name == "cat"  ? EventType::Cat
                                    : EventType::Printf;
  emit_format_event(n, t);
  return b_.getInt64(0);
}

Value *ProbeEmitter::call_print(ast::Call *n) {
  auto *a = n->args[0];
  if (a->kind == ast::ExprKind::Map && static_cast<ast::MapRef *>(a)->keys.empty()) {
    auto *m = static_cast<ast::MapRef *>(a);
    auto arg = [&](size_t i) { return i < n->args.size() ? static_cast<ast::IntLit *>(n->args[i])->value : 0; };
    Value *payload = b_.entry_alloca(16, "print.args");
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
  b_.zero(buf, t.storage_size());
  store_value(buf, t, v, a->type);
  emit_event(EventType::PrintValue, id, buf, t.storage_size());
  return b_.getInt64(0);
}

// exit() ends this program run too: nothing after it executes.
Value *ProbeEmitter::call_exit(ast::Call *n) {
  emit_event(EventType::Exit, 0, nullptr, 0);
  leave_probe();
  start_dead_block();
  return b_.getInt64(0);
}

Value *ProbeEmitter::call_map_op(ast::Call *n) {
  auto *m = static_cast<ast::MapRef *>(n->args[0]);
  emit_event(n->name == "clear" ? EventType::ClearMap : EventType::ZeroMap, map_id(m->name), nullptr, 0);
  return b_.getInt64(0);
}

}  // namespace bpfsh::codegen
