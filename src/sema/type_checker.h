#pragma once
// Internal to sema: the type-inference pass, split by concept over
// type_check*.cpp (expressions, statements, C types) and calls*.cpp (the
// functions and builtin variables of the registry, by family).
#include <map>
#include <optional>
#include <set>
#include <string>

#include "ast/visitor.h"
#include "common/diag.h"
#include "sema/program_info.h"
#include "sema/registry/registry.h"

namespace bpfsh::sema {

struct SemaOptions;
class CTypes;

// A type as messages name it ("string" for every string size).
std::string describe(const ast::Type &t);

// A type as a script names it in a cast, sizeof or offsetof; nullopt when unknown.
std::optional<ast::Type> resolve_type_name(const CTypes &types, const ast::TypeName &t);
// As the script writes it: "struct x *", "int8[8]", "int8[]".
std::string type_name(const ast::TypeName &t);
void unknown_type(Diagnostics &diags, KernelTypes &kernel, const ast::TypeName &t);

// The largest struct print() copies out of the kernel in one event.
constexpr uint32_t kMaxPrintedRecord = 16384;
// The largest arrays `==` compares (each side is copied to the BPF stack).
constexpr uint32_t kMaxComparedArray = 128;

// "f() takes N arguments" unless lo <= args <= hi.
bool arity(Diagnostics &diags, ast::Call *n, size_t lo, size_t hi);

// The BPF program type (a bpf_prog_type) a probe of this type is loaded as.
int bpf_prog_type_of(ProbeType t);

class TypeChecker : public ast::Visitor<TypeChecker> {
 public:
  TypeChecker(ProgramInfo &info, Diagnostics &diags, bool unsafe, bool final_pass)
      : info_(info), diags_(diags), unsafe_(unsafe), final_(final_pass) {}

  void check_probe(ProbeInstance &pi);

  using Visitor::visit;
  void visit(ast::IntLit *n);
  void visit(ast::StrLit *n);
  void visit(ast::BoolLit *n);
  void visit(ast::Builtin *n);
  void visit(ast::Var *n);
  void visit(ast::MapRef *n);
  void visit(ast::Call *n);
  void visit(ast::Binary *n);
  void visit(ast::Unary *n);
  void visit(ast::IncDec *n);
  void visit(ast::Ternary *n);
  void visit(ast::Field *n);
  void visit(ast::TupleIndex *n);
  void visit(ast::Tuple *n);
  void visit(ast::Record *n);
  void record_field(ast::Field *n);
  void visit(ast::Cast *n);
  void visit(ast::Sizeof *n);
  void visit(ast::Index *n);
  void visit(ast::Offsetof *n);

  void visit(ast::Assign *n);
  void visit(ast::Let *n);
  void visit(ast::If *n);
  void visit(ast::Block *n);
  void visit(ast::BlockValue *n);
  void visit(ast::While *n);
  void visit(ast::For *n);
  ast::Type map_entry_type(ast::MapRef *m);
  void visit(ast::Unroll *n);
  void visit(ast::Jump *n);
  void visit(ast::ImportStmt *n);
  void visit(ast::ExprStmt *n);

  // Calls (calls.cpp): the registry's row says which check runs, once the
  // rules every row states (form, --unsafe, arity, probes) hold. Each check
  // sets n->type, or n->lowered. Grouped by family file, sema/calls_*.cpp.
  bool row_allows(const registry::Row &row, ast::Call *n);
  void call_as_builtin(ast::Call *n);
  bool lower_builtin(ast::Builtin *n);
  // output
  void check_printf(ast::Call *n);
  void check_print(ast::Call *n);
  void check_exit(ast::Call *n);
  void check_join(ast::Call *n);
  // time
  void check_nsecs(ast::Call *n);
  void check_time(ast::Call *n);
  void check_strftime(ast::Call *n);
  // aggregates
  void check_aggregation(ast::Call *n);
  void check_tseries(ast::Call *n);
  // maps
  void check_map_op(ast::Call *n);
  void check_delete(ast::Call *n);
  void check_has_key(ast::Call *n);
  void check_len(ast::Call *n);
  void check_stack_len(ast::Call *n);
  void check_find(ast::Call *n);
  void check_whole_map(ast::MapRef *m);
  // strings
  void check_str(ast::Call *n);
  void check_strncmp(ast::Call *n);
  void check_strlen(ast::Call *n);
  void check_strstr(ast::Call *n);
  void check_strcap(ast::Call *n);
  void check_globmatch(ast::Call *n);
  // bytes
  void check_buf(ast::Call *n);
  void check_macaddr(ast::Call *n);
  void check_bswap(ast::Call *n);
  void check_memcmp(ast::Call *n);
  // net, and == on byte arrays
  void check_ntop(ast::Call *n);
  void check_pton(ast::Call *n);
  void check_array_compare(ast::Binary *n);
  // network probes (type_check_net.cpp): false when n is no pkt or ctx field
  bool check_net_field(ast::Field *n);
  void check_has(ast::Call *n);
  void check_verdict(ast::Call *n);
  void check_pcap(ast::Call *n);
  void check_redirect(ast::Call *n);
  // symbols
  void check_stack(ast::Call *n);
  ast::StackMode default_stack_mode(bool ustack) const;
  bool ustack_by_dwarf(ast::StackMode mode) const;
  void check_sym(ast::Call *n);
  void check_addr(ast::Call *n);
  void check_reg(ast::Call *n);
  void check_percpu_kaddr(ast::Call *n);
  // task
  bool lower_related_task(ast::Builtin *n);
  void check_related_task(ast::Call *n);
  void check_pid_mode(ast::Call *n);
  void check_comm_of_pid(ast::Call *n);
  bool lower_has_cpid(ast::Builtin *n);
  void check_signal(ast::Call *n);
  // probe
  bool lower_probetype(ast::Builtin *n);
  void check_unwatch(ast::Call *n);
  void check_override(ast::Call *n);
  // memory
  void check_address_space(ast::Call *n);
  void check_is_err(ast::Call *n);
  void check_container_of_form(ast::Call *n);
  void check_write_user(ast::Call *n);
  // names
  void check_named_number(ast::Call *n);
  void check_cgroup_path(ast::Call *n);
  // path
  void check_path(ast::Call *n);
  void check_skboutput(ast::Call *n);
  void check_socket_cookie(ast::Call *n);
  bool expect_kernel_typed(ast::Expr *e, const char *fn, const char *record, const char *example);
  // introspect: compile-time answers
  void lower_to_literal(ast::Call *n, ast::Expr *lit);
  void lower_to_int(ast::Call *n, uint64_t v);
  void lower_to_bool(ast::Call *n, bool v);
  void check_fail(ast::Call *n);
  void check_static_assert(ast::Call *n);
  void check_type_question(ast::Call *n);
  void check_default_str_length(ast::Call *n);
  bool lower_default_str_length(ast::Builtin *n);
  ast::Record *config_record(SourceRange r);
  void check_config(ast::Call *n);
  bool lower_config(ast::Builtin *n);
  void check_assert_str(ast::Call *n);
  void check_kfunc_question(ast::Call *n);
  void check_getopt(ast::Call *n);
  void check_cgroupid(ast::Call *n);

  // Pointer operators (type_check_pointers.cpp).
  ast::Type pointer_binary(SourceRange where, ast::BinOp op, const ast::Type &l, const ast::Type &r);
  void check_pointer_update(ast::Assign *n);
  void invalid_operator(SourceRange where, ast::BinOp op, const ast::Type &l, const ast::Type &r);

  void check_array_cast(ast::Cast *n);
  void cast_to_bool(ast::Cast *n);
  bool walk_typeof(ast::TypeName &t);
  std::optional<ast::Type> let_type(ast::Let *n);
  void check_deref(ast::Unary *n);
  void check_address_of(ast::Unary *n);
  void check_args_field(ast::Field *n);
  // fentry/fexit: args.NAME and fexit's retval, from the function's BTF
  // prototype (type_check_kernel_funcs.cpp).
  void check_fentry_arg(ast::Field *n);
  void check_fexit_retval(ast::Builtin *n);
  // uprobe/uretprobe: args.NAME and retval, from the binary's DWARF
  // (type_check_uprobe_args.cpp).
  void check_uprobe_arg(ast::Field *n);
  void lower_uprobe_args(ast::Builtin *n);
  void check_uretprobe_retval(ast::Builtin *n);
  // Builtins whose type depends on the probe (type_check_probes.cpp): a
  // USDT site's argN, an iterator's ctx. False after an error.
  bool check_probe_builtin(ast::Builtin *n);

 private:
  friend class CallHelpers;
  ast::Type storage_type(const ast::Type &t) const;
  ast::Type tuple_elem(ast::Expr *e);
  ast::Type map_value_type(const ast::Type &t) const;
  ast::Type key_storage_type(const ast::Type &t) const;
  bool check_key_kinds(ast::MapRef *n);
  std::optional<ast::Type> whole_value(ast::Expr *e, const std::string &as);
  void assign_map(ast::MapRef *m, const ast::Type &value, SourceRange where, ast::Call *agg);
  MapInfo *map_for(ast::MapRef *m, bool create);
  void record_tseries(MapInfo *mi, const ast::Call *agg, const SourceRange &where);
  bool expect_int(ast::Expr *e, const std::string &what);
  void walk_updated(ast::Expr *target, SourceRange where);
  void check_format(ast::Call *n, const std::string &fn);
  bool load_gfp_names(SourceRange at, const std::string &fn);
  bool is_aggregation(const std::string &name) const;
  CTypes c_types() const;
  void resolve_addr(ast::Call *n, const std::string &name);
  bool enum_constant(ast::Builtin *n);
  void expand_for_print(ast::Expr *e);

  ProgramInfo &info_;
  Diagnostics &diags_;
  bool unsafe_;
  bool final_;  // the last pass reports uses of maps never assigned
  ProbeInstance *probe_ = nullptr;
  const ast::Expr *long_literal_ok_ = nullptr;  // a literal not held to max_strlen
  std::map<std::string, ast::Type> vars_;       // in scope here
  // Where each variable in scope was declared, and where those of blocks
  // already ended were: a use after its block says so.
  std::map<std::string, SourceRange> declared_at_, ended_;
  std::map<std::string, ast::Type> var_slots_;  // every variable of the probe
  bool declare_var(const std::string &name, const ast::Type &t, SourceRange where);
  // `let $x;` with neither type nor value: the first assignment met, in any
  // branch, gives the type (the first round records it on the Let, the
  // final round declares with it). Until one is met on this walk, reads warn.
  std::map<std::string, ast::Let *> unassigned_;
  std::set<std::string> lets_;  // variables in scope that a let declared
  void end_scope(const std::set<std::string> &outer);  // the block's own variables end
  bool assign_var(ast::Var *v, const ast::Type &st, const ast::Type &shown, SourceRange where);
  int loop_depth_ = 0;
};

}  // namespace bpfsh::sema
