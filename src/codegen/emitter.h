#pragma once
// Internal to codegen: emits one BPF program (an LLVM function) for one
// concrete attach point. Split by concept over emit_*.cpp (expressions,
// statements, values, maps, loops, events) and calls*.cpp (the registry's
// functions and builtin variables, one file per family).
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "ast/visitor.h"
#include "codegen/irbuilder_bpf.h"
#include "codegen/module_state.h"

namespace bpfsh::codegen {

// Bytes a map key or value of type t takes: an array or struct is held
// there whole (in variables it is its address), 8-aligned.
inline uint32_t map_held_size(const ast::Type &t) {
  return t.is_array() || t.is_record() ? (t.c_size() + 7) & ~7u : t.storage_size();
}

class ProbeEmitter : public ast::Visitor<ProbeEmitter, llvm::Value *> {
 public:
  ProbeEmitter(ModuleState &ms, const sema::ProgramInfo &info, const sema::ProbeInstance &pi);

  // Builds the function `name` in ELF section `section`.
  void emit(const std::string &name, const std::string &section);

  using Visitor::visit;
  // Expressions: integers come back as i64, everything else as a pointer to
  // a stack buffer laid out per artifact.h's wire conventions.
  llvm::Value *visit(ast::IntLit *n);
  llvm::Value *visit(ast::StrLit *n);
  llvm::Value *visit(ast::BoolLit *n);
  llvm::Value *visit(ast::BlockValue *n);
  llvm::Value *visit(ast::Builtin *n);
  llvm::Value *visit(ast::Positional *n);
  llvm::Value *visit(ast::PositionalCount *n);
  llvm::Value *visit(ast::Var *n);
  llvm::Value *visit(ast::MapRef *n);
  llvm::Value *visit(ast::Call *n);
  llvm::Value *visit(ast::Binary *n);
  llvm::Value *arith(ast::BinOp op, llvm::Value *l, llvm::Value *r, bool is_signed);
  llvm::Value *divide(ast::BinOp op, llvm::Value *l, llvm::Value *r);
  llvm::Value *visit(ast::Unary *n);
  llvm::Value *visit(ast::IncDec *n);
  llvm::Value *visit(ast::Ternary *n);
  llvm::Value *visit(ast::Field *n);
  llvm::Value *visit(ast::TupleIndex *n);
  llvm::Value *visit(ast::Tuple *n);
  llvm::Value *visit(ast::Record *n);
  llvm::Value *tuple_value(const ast::Type &t, const std::vector<ast::Expr *> &elems);
  llvm::Value *visit(ast::Cast *n);
  llvm::Value *visit(ast::Sizeof *n);
  llvm::Value *visit(ast::Index *n);
  llvm::Value *visit(ast::Offsetof *n);

  llvm::Value *visit(ast::ExprStmt *n);
  llvm::Value *visit(ast::Assign *n);
  llvm::Value *visit(ast::Let *n);
  llvm::Value *visit(ast::Block *n);
  llvm::Value *visit(ast::If *n);
  llvm::Value *visit(ast::While *n);
  llvm::Value *visit(ast::Unroll *n);
  llvm::Value *visit(ast::Jump *n);
  llvm::Value *visit(ast::For *n);

  // Functions and builtin variables (calls.cpp): the registry row's emitter
  // id picks one of these (codegen/emitters.h); grouped by family file,
  // codegen/calls_<family>*.cpp.
  void emit_aggregation(ast::MapRef *m, ast::Call *agg);
  llvm::Value *missing_code(ast::Expr *n, const std::string &what);
  // output
  llvm::Value *call_printf(ast::Call *n);
  llvm::Value *call_system(ast::Call *n);
  llvm::Value *call_cat(ast::Call *n);
  llvm::Value *call_errorf(ast::Call *n);
  llvm::Value *call_warnf(ast::Call *n);
  llvm::Value *call_print(ast::Call *n);
  llvm::Value *call_exit(ast::Call *n);
  llvm::Value *call_join(ast::Call *n);
  // time
  llvm::Value *var_nsecs(ast::Builtin *n);
  llvm::Value *call_nsecs(ast::Call *n);
  llvm::Value *var_elapsed(ast::Builtin *n);
  llvm::Value *var_jiffies(ast::Builtin *n);
  llvm::Value *call_time(ast::Call *n);
  llvm::Value *call_strftime(ast::Call *n);
  // aggregates
  void assign_aggregation(ast::MapRef *m, ast::Call *agg);
  void count_in_bucket_array(ast::MapRef *m, llvm::Value *bucket);
  void record_in_tseries(ast::MapRef *m, llvm::Value *v);
  // maps
  llvm::Value *call_clear(ast::Call *n);
  llvm::Value *call_zero(ast::Call *n);
  llvm::Value *call_delete(ast::Call *n);
  llvm::Value *call_has_key(ast::Call *n);
  llvm::Value *call_len(ast::Call *n);
  llvm::Value *call_find(ast::Call *n);
  // strings (the searches in calls_strings_search.cpp)
  llvm::Value *call_str(ast::Call *n);
  llvm::Value *call_strncmp(ast::Call *n);
  llvm::Value *call_strlen(ast::Call *n);
  llvm::Value *call_strstr(ast::Call *n);
  llvm::Value *call_strcontains(ast::Call *n);
  llvm::Value *first_nul(llvm::Value *s, uint32_t size);
  llvm::Value *first_nul_loop(llvm::Value *s, uint32_t size);
  llvm::Value *search_operand(ast::Expr *e, std::vector<llvm::AllocaInst *> &scoped);
  llvm::Function *loop_callback(const char *what);
  llvm::Function *compare_callback(uint32_t hay_size, uint32_t needle_size);
  llvm::Function *glob_callback(uint32_t str_size, uint32_t pat_size);
  llvm::Value *call_globmatch(ast::Call *n);
  llvm::Function *search_callback(uint32_t hay_size, uint32_t needle_size);
  // bytes
  llvm::Value *call_buf(ast::Call *n);
  llvm::Value *call_macaddr(ast::Call *n);
  llvm::Value *call_bswap(ast::Call *n);
  llvm::Value *call_memcmp(ast::Call *n);
  llvm::Value *memcmp_operand(ast::Expr *e, uint32_t bytes);
  // net, and == on byte arrays
  llvm::Value *call_has(ast::Call *n);
  llvm::Value *call_verdict(ast::Call *n);
  llvm::Value *call_pcap(ast::Call *n);
  llvm::Value *call_redirect(ast::Call *n);
  llvm::Value *call_ntop(ast::Call *n);
  llvm::Value *call_pton(ast::Call *n);
  llvm::Value *array_compare(ast::Binary *n, llvm::Value *l, llvm::Value *r);
  llvm::Value *buffer_compare(ast::Binary *n, llvm::Value *l, llvm::Value *r);
  // symbols
  llvm::Value *call_stack(ast::Call *n);
  llvm::Value *var_stack(ast::Builtin *n);
  llvm::Value *call_dw_stack(ast::Call *n);
  llvm::Value *var_dw_stack(ast::Builtin *n);
  llvm::Value *call_ksym(ast::Call *n);
  llvm::Value *call_usym(ast::Call *n);
  llvm::Value *call_kaddr(ast::Call *n);
  llvm::Value *call_uaddr(ast::Call *n);
  llvm::Value *resolved_address(ast::Call *n);
  llvm::Value *call_reg(ast::Call *n);
  // task
  llvm::Value *var_pid(ast::Builtin *n);
  llvm::Value *var_tid(ast::Builtin *n);
  llvm::Value *call_pid(ast::Call *n);
  llvm::Value *call_comm(ast::Call *n);
  llvm::Value *call_percpu_kaddr(ast::Call *n);
  llvm::Value *call_tid(ast::Call *n);
  llvm::Value *var_uid(ast::Builtin *n);
  llvm::Value *var_gid(ast::Builtin *n);
  llvm::Value *var_comm(ast::Builtin *n);
  llvm::Value *var_username(ast::Builtin *n);
  llvm::Value *var_cgroup(ast::Builtin *n);
  llvm::Value *var_curtask(ast::Builtin *n);
  llvm::Value *var_cpid(ast::Builtin *n);
  llvm::Value *call_signal(ast::Call *n);
  llvm::Value *call_signal_thread(ast::Call *n);
  // probe
  llvm::Value *var_probe(ast::Builtin *n);
  llvm::Value *var_func(ast::Builtin *n);
  llvm::Value *var_retval(ast::Builtin *n);
  llvm::Value *var_arg(ast::Builtin *n);
  llvm::Value *var_ctx(ast::Builtin *n);
  llvm::Value *var_usermode(ast::Builtin *n);
  llvm::Value *call_unwatch(ast::Call *n);
  llvm::Value *call_override(ast::Call *n);
  // machine
  llvm::Value *var_cpu(ast::Builtin *n);
  llvm::Value *var_numaid(ast::Builtin *n);
  llvm::Value *var_ncpus(ast::Builtin *n);
  llvm::Value *var_rand(ast::Builtin *n);
  // memory, names, path
  llvm::Value *call_is_err(ast::Call *n);
  llvm::Value *call_write_user(ast::Call *n);
  llvm::Value *call_named_number(ast::Call *n);
  llvm::Value *call_path(ast::Call *n);
  llvm::Value *call_skboutput(ast::Call *n);
  llvm::Value *call_socket_cookie(ast::Call *n);
  llvm::Value *typed_pointer(ast::Expr *e, llvm::BasicBlock *null);

 private:
  // site_ is the expression being emitted, for -k's reports.
  llvm::Value *emit_expr(ast::Expr *e) {
    if (e->lowered) e = e->lowered;
    SourceRange outer = site_;
    site_ = e->range;
    llvm::Value *v = dispatch(e);
    site_ = outer;
    return v;
  }
  llvm::Value *to_bool(llvm::Value *v);
  llvm::Value *pointer_step(const ast::Type &ptr, llvm::Value *n);
  llvm::Value *whole_map_value(ast::MapRef *m, llvm::Value *ptr, llvm::Value *found);
  void store_elem(llvm::Value *dst, const ast::Type &dst_t, llvm::Value *v, const ast::Type &src_t);
  llvm::Value *load_elem(llvm::Value *src, const ast::Type &t);
  llvm::Value *fit_int(llvm::Value *v, const ast::Type &t);

  // Values and storage. temp() gives `bytes` of stack or per-CPU scratch
  // space (emit_scratch.cpp); buffer() is a temp() for a value of type t.
  void start_function(llvm::BasicBlock *entry, llvm::BasicBlock *body);
  llvm::Value *scratch_base();
  // `lasting`: the value outlives the statement that makes it (a variable's
  // slot); any other temp() is the statement's own, and its bytes are reused
  // once the statement is done (TempScope).
  llvm::Value *temp(uint32_t bytes, const llvm::Twine &name, bool lasting = false);
  llvm::Value *scratch_temp(uint32_t bytes, const llvm::Twine &name, bool lasting = false);
  // A stack slot the current statement alone uses, outside temp()'s budget.
  llvm::AllocaInst *local_alloca(uint32_t bytes, const llvm::Twine &name);
  llvm::AllocaInst *local_alloca_i64(const llvm::Twine &name) { return local_alloca(8, name); }
  void open_temps();
  void close_temps(bool keep = false);
  void keep_temps_so_far();
  bool in_scratch(llvm::Value *p) const;
  // memset and memcpy of any size (emit_bulk.cpp).
  void zero_bytes(llvm::Value *p, uint32_t bytes);
  void copy_bytes(llvm::Value *dst, llvm::Value *src, uint32_t bytes);
  void bulk(llvm::Value *dst, llvm::Value *src, uint32_t bytes, bool in_statement);
  llvm::Function *bulk_callback(bool copy, uint32_t pieces);
  void zero_at_start(llvm::Value *p, uint32_t bytes);
  llvm::Value *buffer(const ast::Type &t, const llvm::Twine &name);
  void store_value(llvm::Value *dst, const ast::Type &dst_t, llvm::Value *src, const ast::Type &src_t);
  llvm::Value *load_value(llvm::Value *src, const ast::Type &t, const llvm::Twine &name);
  llvm::Value *var_slot(const std::string &name, const ast::Type &t);
  bool emit_into(llvm::Value *dst, const ast::Type &dst_t, ast::Expr *e);
  llvm::Value *string_equal(llvm::Value *a, uint32_t a_size, llvm::Value *b, uint32_t b_size,
                            uint64_t limit);
  llvm::Value *string_equal_loop(llvm::Value *a, uint32_t a_size, llvm::Value *b, uint32_t b_size, uint64_t n);

  // Maps.
  const sema::MapInfo &map_info(ast::MapRef *m) const;
  llvm::GlobalVariable *map_global(ast::MapRef *m) const;
  uint32_t map_id(const std::string &name) const;
  llvm::Value *map_key(ast::MapRef *m, llvm::Value *bucket = nullptr);
  llvm::Value *read_map(ast::MapRef *m, bool warn_missing = true);
  // With `src` a string literal, it is stored in the map's value buffer
  // directly and `value` may be null.
  void write_map(ast::MapRef *m, llvm::Value *value, const ast::Type &value_t, ast::Expr *src = nullptr);
  llvm::Value *update_int_map(ast::MapRef *m, ast::BinOp op, llvm::Value *rhs, bool return_old);

  // Events to user space (emit_events.cpp; formats in calls_output.cpp).
  uint32_t add_format(ast::Call *n, size_t first_arg, uint32_t &payload_size);
  void emit_event(EventType type, uint32_t id, llvm::Value *payload, uint32_t payload_size);
  void emit_format_event(ast::Call *n, EventType type);
  void emit_message(ast::Call *n, FormatSpec::Level level);
  void print_kernel_memory(llvm::Value *addr, const ast::Type &t, uint32_t id);
  void start_dead_block();
  void emit_stmt(ast::Stmt *s);
  void ringbuf_output(llvm::Value *ev, uint64_t size);
  void ringbuf_output(llvm::Value *ev, llvm::Value *size);
  // The helper call that sends an event, on the ring buffer or the perf
  // buffer, whichever the module has; its result, 0 when sent.
  llvm::Value *event_output(llvm::Value *ev, uint64_t size, const llvm::Twine &name = "");
  llvm::Value *event_output(llvm::Value *ev, llvm::Value *size, const llvm::Twine &name = "");
  uint32_t add_site(const SourceRange &r, const std::string &helper);
  void check_helper(llvm::Value *ret, const std::string &helper, int64_t except = 0);
  void check_lookup(llvm::Value *found);
  void report_unless(llvm::Value *ok, EventType type, const std::string &helper = "");
  void count_slot(llvm::GlobalVariable *array, uint32_t index, const std::string &name);
  void count_map_full(llvm::Value *ret);

  // Kernel memory (emit_kernel.cpp): reads a value of type t at addr (an
  // i64); records and arrays are not read, their address stands for them.
  llvm::Value *read_kernel(llvm::Value *addr, const ast::Type &t, uint32_t bit_offset = 0,
                           uint32_t bit_size = 0, const llvm::Twine &name = "");
  llvm::Value *args_field(ast::Field *n);
  llvm::Value *uprobe_arg(ast::Field *n);
  llvm::Value *member_address(ast::Field *n);
  llvm::Value *narrow(llvm::Value *v, const ast::Type &t);
  // Stacks and symbols (calls_symbols.cpp).
  llvm::Value *emit_stack(const ast::Type &t);
  llvm::Value *emit_dw_stack(const ast::Type &t);  // calls_dw_stack.cpp
  llvm::Value *copy_user_stack(llvm::Value *dst, llvm::Value *sp);
  llvm::Value *stack_len(const ast::Type &t);
  llvm::Value *emit_usym(llvm::Value *addr);
  llvm::Value *current_pid();
  // bpf_get_current_pid_tgid's (tgid << 32 | pid), in bpfsh's pid namespace
  // where the probe runs in a task's context (calls_task.cpp).
  llvm::Value *pid_tgid();
  llvm::Value *init_pid_tgid() { return b_.call_helper(Helper::GetCurrentPidTgid, {}, "pid_tgid"); }
  void announce_pid(llvm::Value *pid);
  std::optional<uint64_t> probed_address();
  llvm::GlobalVariable *stack_map(uint32_t frames, bool build_id);

  // Loops run as callbacks (emit_loops.cpp).
  llvm::Function *emit_callback(const std::string &name, llvm::ArrayRef<llvm::Type *> params,
                                const std::vector<std::string> &var_names,
                                const std::function<void(llvm::Function *)> &emit_body);
  std::string callback_name(const char *what);
  void for_range(ast::For *n, llvm::Value *frame, const std::vector<std::string> &names);
  void for_map(ast::For *n, llvm::Value *frame, const std::vector<std::string> &names);
  // Ends the probe's run (return, exit()), also from inside a loop callback.
  void leave_probe();
  // A count/sum/min/max map entry combined over all CPUs, as an i64.
  llvm::Value *percpu_total(ast::MapRef *m, llvm::Value *key);
  // Probe-specific context (emit_probe_ctx.cpp).
  llvm::Value *usdt_arg(int index);
  void skip_iter_end();
  // Network probes (emit_packet.cpp): the verdict slot and the parsed
  // packet, made at the start; pkt/ctx fields, has(), drop() and pass().
  void start_net();
  void parse_packet(llvm::Value *pkt);
  llvm::Value *load_packet_bytes(llvm::Value *off, llvm::Value *dst, uint32_t len);
  llvm::Value *load_packet_bytes(llvm::Value *off, llvm::Value *dst, llvm::Value *len);
  llvm::Value *packet_length();
  uint32_t capture_id(ast::Call *n, uint32_t snaplen, uint32_t link_type);
  bool is_net_field(const ast::Field *n) const;
  llvm::Value *net_field(ast::Field *n);
  // What the probe's function returns when it ends: the verdict so far in
  // a network probe, else 0.
  llvm::Value *exit_value();
  bool in_main_function(SourceRange where, const char *what);

  // Builtins: a read of the probe's context (calls_probe.cpp), helpers'
  // halves (calls_task.cpp), attach-point strings, signals.
  llvm::Value *ctx_load(uint32_t offset, uint32_t size, bool is_signed, const llvm::Twine &name);
  llvm::Value *high32(Helper h);
  llvm::Value *low32(Helper h);
  llvm::Value *attach_string(ast::Builtin *n, const std::string &s);
  llvm::Value *send_signal(ast::Call *n, Helper h);
  llvm::Value *constant_string(const std::string &s, const llvm::Twine &name);
  void store_constant_string(llvm::Value *buf, const std::string &s);

  ModuleState &ms_;
  const sema::ProgramInfo &info_;
  const sema::ProbeInstance &pi_;
  IRBuilderBPF b_;
  llvm::Function *fn_ = nullptr;
  llvm::Value *ctx_ = nullptr;
  std::map<std::string, llvm::Value *> vars_;
  struct Loop { llvm::BasicBlock *cont, *exit; };
  std::vector<Loop> loops_;
  std::vector<ast::Stmt *> source_loops_;  // the loops around the statement being emitted, in the script
  llvm::Value *seen_buf_ = nullptr;  // announce_pid()'s buffer, shared by its uses
  llvm::Value *stop_flag_ = nullptr;  // in a loop callback: set to leave the probe
  struct CallbackState {
    llvm::Function *fn;
    llvm::Value *ctx;
    std::map<std::string, llvm::Value *> vars;
    std::vector<Loop> loops;
    llvm::Value *seen_buf, *stop_flag;
    llvm::BasicBlock *scratch_init, *scratch_ok;
    llvm::Value *scratch_ptr;
    llvm::IRBuilderBase::InsertPoint ip;
  };
  // This function's scratch lookup: the block it goes in, the block after
  // its null check (where slices are addressed), and the slot's address.
  llvm::BasicBlock *scratch_init_ = nullptr, *scratch_ok_ = nullptr;
  llvm::Value *scratch_ptr_ = nullptr;
  int scratch_key_ = -1;       // this program's slot in the scratch map
  uint32_t scratch_used_ = 0;  // bytes of the slot in use now
  uint32_t scratch_peak_ = 0;  // the most ever in use: the slot's size
  uint32_t stack_used_ = 0;    // stack bytes temp() has in use, callbacks included
  // The temporaries of a statement being emitted, innermost last: their
  // stack slots get lifetime markers, so the backend's stack colouring lets
  // statements share them, and their scratch bytes are handed out again.
  struct TempScope {
    llvm::Function *fn;  // where the statement is emitted
    std::vector<llvm::AllocaInst *> allocas;
    uint32_t stack_mark, scratch_mark;  // what was in use when it opened
  };
  std::vector<TempScope> temp_scopes_;
  std::map<std::pair<bool, uint32_t>, llvm::Function *> bulk_callbacks_;  // by (copy, pieces)
  SourceRange site_;
  bool uses_core_ = false;  // a member access made a CO-RE relocation
  llvm::Function *main_fn_ = nullptr;  // the probe's own function (not a loop callback)
  llvm::Value *verdict_ = nullptr;     // network probes: the i64 the program returns
  llvm::Value *pkt_ = nullptr;         // packet hooks that read pkt: sema::PacketLayout
};

}  // namespace bpfsh::codegen
