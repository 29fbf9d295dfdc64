// Calls and builtin variables: each row of the registry names its emitter
// by id (codegen/emitters.h). A row without code here is bpfsh's own bug: a
// located internal error, never a value made up in its place.
#include "codegen/emitters.h"
#include "sema/registry/registry.h"

namespace bpfsh::codegen {

using namespace llvm;

Value *ProbeEmitter::visit(ast::Call *n) {
  const sema::registry::Row *row = sema::registry::function(n->name);
  const Emitter *e = row ? emitter_for(row->emit) : nullptr;
  if (!e || !e->call) return missing_code(n, n->name + "()");
  return (this->*(e->call))(n);
}

Value *ProbeEmitter::visit(ast::Builtin *n) {
  if (n->is_enum_const) return b_.getInt64(n->enum_value);
  const sema::registry::Row *row = sema::registry::variable(n->name);
  const Emitter *e = row ? emitter_for(row->emit) : nullptr;
  if (!e || !e->var) return missing_code(n, "the " + n->name + " builtin");
  return (this->*(e->var))(n);
}

// @m[k] = count(): aggregations are stored, never values of their own.
void ProbeEmitter::emit_aggregation(ast::MapRef *m, ast::Call *agg) {
  const sema::registry::Row *row = sema::registry::function(agg->name);
  const Emitter *e = row ? emitter_for(row->emit) : nullptr;
  if (!e || !e->agg) {
    missing_code(agg, agg->name + "()");
    return;
  }
  (this->*(e->agg))(m, agg);
}

// The program is not loaded (compile() stops on the error); the value only
// keeps the IR being built well-formed until then.
Value *ProbeEmitter::missing_code(ast::Expr *n, const std::string &what) {
  ms_.diags->error(n->range, "internal error: bpfsh has no code for " + what);
  bool scalar = n->type.is_none() || n->type.is_int_like();
  return PoisonValue::get(scalar ? static_cast<Type *>(b_.getInt64Ty()) : b_.getPtrTy());
}

}  // namespace bpfsh::codegen
