// Type rules that need the script's C definitions as well as the kernel's:
// enumerators used by name, offsetof(), and print() of a whole struct.
#include "sema/c_types.h"
#include "sema/header_constants.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

CTypes TypeChecker::c_types() const {
  bool uprobe = probe_ && (probe_->type == ProbeType::Uprobe || probe_->type == ProbeType::Uretprobe);
  return CTypes(info_.script_types.get(), *info_.kernel_types, info_.binary_types.get(),
                uprobe ? probe_->target : "");
}

// A bare name that is no builtin may be an enumerator: its value, typed as
// its enum so it prints by name. Else it may be a macro constant of the
// installed headers (AF_INET, __NR_kill): an int64, as bpftrace's literals.
bool TypeChecker::enum_constant(ast::Builtin *n) {
  auto e = c_types().enumerator(n->name);
  if (!e) {
    auto c = header_constant(n->name);
    if (!c) return false;
    n->is_enum_const = true;
    n->enum_value = uint64_t(*c);
    n->type = Type::integer(64, true);
    return true;
  }
  n->is_enum_const = true;
  n->enum_value = e->first;
  n->type = e->second;
  n->type.bits = 64;
  return true;
}

// offsetof(struct foo, a.b): the bytes from the record's start to a member,
// through members of members. container_of(ptr, struct foo, a.b): ptr less
// those bytes, a pointer to the struct.
void TypeChecker::visit(ast::Offsetof *n) {
  CTypes types = c_types();
  const std::string what = n->container ? "container_of" : "offsetof";
  std::optional<Type> rec;
  if (n->of_expr) {
    walk(n->of_expr);
    if (n->of_expr->type.is_none()) return;
    rec = n->of_expr->type;
  } else {
    if (!walk_typeof(n->of_type)) return;
    rec = resolve_type_name(types, n->of_type);
    if (!rec) {
      unknown_type(diags_, *info_.kernel_types, n->of_type);
      return;
    }
  }
  const Type outer = *rec;
  uint64_t offset = 0;
  for (const auto &name : n->path) {
    if (!rec->is_record()) {
      diags_.error(n->range, what + ": '" + rec->str() + "' is not a struct or union, it has no member '" + name + "'");
      return;
    }
    auto m = types.member(*rec, name);
    if (!m) {
      auto &d = diags_.error(n->range, what + ": " + rec->name + " has no member named '" + name + "'");
      std::string near = types.closest_member(*rec, name);
      if (!near.empty()) d.hints.push_back("did you mean '" + near + "'?");
      return;
    }
    if (m->bit_size) {
      diags_.error(n->range, what + ": '" + name + "' is a bitfield, which has no byte offset");
      return;
    }
    offset += m->offset;
    rec = m->type;
  }
  n->offset = offset;
  if (!n->container) {
    n->type = Type::integer(64, false);
    return;
  }
  walk(n->container);
  const Type &pt = n->container->type;
  if (pt.is_none()) return;
  if (!pt.is_ptr() && !pt.is_int()) {
    diags_.error(n->container->range,
                 "container_of: ptr must be a pointer (or an address), not '" + describe(pt) + "'");
    return;
  }
  // The kernel's macro refuses a ptr of another type than the member's.
  if (pt.is_ptr() && !pt.elems.empty() && !pt.elems[0].compatible(*rec))
    diags_.warning(n->container->range, "container_of: ptr points to '" + pt.elems[0].str() + "', but member '" +
                                            n->path.back() + "' of " + outer.str() + " is '" + rec->str() + "'");
  n->type = Type::pointer(outer);
}

// print() of a struct, union or array copies its bytes out of the kernel in
// one read; the runtime needs every member's place and type to print them.
void TypeChecker::expand_for_print(ast::Expr *e) {
  const Type &t = e->type;
  if (!t.is_record() && !t.is_array()) return;
  std::string why;
  auto x = c_types().expand(t, why);
  if (!x) {
    diags_.error(e->range, "Can not print a value of type '" + t.str() + "': " + why);
    return;
  }
  if (x->c_size() > kMaxPrintedRecord) {
    diags_.error(e->range, "Can not print " + t.str() + ": it is " + std::to_string(x->c_size()) +
                               " bytes, more than the " + std::to_string(kMaxPrintedRecord) + " print() copies");
    return;
  }
  e->type = *x;
}

}  // namespace bpfsh::sema
