#pragma once
// The bpftrace syntax tree. Nodes are owned by an ast::Context arena and point
// at each other with plain pointers; every node knows its source range.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ast/types.h"
#include "common/source.h"

namespace bpfsh::ast {

struct Node {
  SourceRange range;
  virtual ~Node() = default;
};

// ---- expressions --------------------------------------------------------

enum class ExprKind {
  Int, Str, Builtin, Positional, PositionalCount, Var, Map, Call, Binary, Unary,
  IncDec, Ternary, Field, TupleIndex, Tuple, Record, Cast, Sizeof, Index, Offsetof,
  Bool, BlockValue,
};

struct Expr : Node {
  explicit Expr(ExprKind k) : kind(k) {}
  const ExprKind kind;
  Type type;  // filled by sema
  // Set by sema when the expression means another one codegen emits instead:
  // ppid reads curtask->real_parent->tgid, cgroupid("/sys/fs/cgroup/x") is
  // the number the path resolves to.
  Expr *lowered = nullptr;
};

struct IntLit : Expr {
  IntLit() : Expr(ExprKind::Int) {}
  uint64_t value = 0;  // the bits; a literal over INT64_MAX is unsigned
  bool is_unsigned = false;
};

// true, false
struct BoolLit : Expr {
  BoolLit() : Expr(ExprKind::Bool) {}
  bool value = false;
};

struct StrLit : Expr {
  StrLit() : Expr(ExprKind::Str) {}
  std::string value;  // escapes already decoded
};

// pid, comm, args, arg0, retval, probe, func, ...
struct Builtin : Expr {
  Builtin() : Expr(ExprKind::Builtin) {}
  std::string name;
  // Set by sema when the name is an enumerator (of the script or the kernel).
  bool is_enum_const = false;
  uint64_t enum_value = 0;
};

// $1, $2, ... (a script's positional arguments)
struct Positional : Expr {
  Positional() : Expr(ExprKind::Positional) {}
  int index = 0;
};

// $#
struct PositionalCount : Expr {
  PositionalCount() : Expr(ExprKind::PositionalCount) {}
};

// $name
struct Var : Expr {
  Var() : Expr(ExprKind::Var) {}
  std::string name;  // with the '$'
};

// @name, @name[k], @name[k1, k2]; '@' alone is the anonymous map
struct MapRef : Expr {
  MapRef() : Expr(ExprKind::Map) {}
  std::string name;         // with the '@'
  std::vector<Expr *> keys; // empty for a scalar map
  Type key_type;            // filled by sema
};

struct Call : Expr {
  Call() : Expr(ExprKind::Call) {}
  std::string name;
  std::vector<Expr *> args;
};

enum class BinOp {
  Add, Sub, Mul, Div, Mod, BitAnd, BitOr, BitXor, Shl, Shr,
  Eq, Ne, Lt, Le, Gt, Ge, LogAnd, LogOr,
};

struct Binary : Expr {
  Binary() : Expr(ExprKind::Binary) {}
  BinOp op = BinOp::Add;
  Expr *lhs = nullptr;
  Expr *rhs = nullptr;
};

enum class UnOp { Neg, LogNot, BitNot, Deref, AddrOf, Plus };

struct Unary : Expr {
  Unary() : Expr(ExprKind::Unary) {}
  UnOp op = UnOp::Neg;
  Expr *operand = nullptr;
};

// x++, x--, ++x, --x on a variable or a map element
struct IncDec : Expr {
  IncDec() : Expr(ExprKind::IncDec) {}
  bool is_increment = true;
  bool is_prefix = false;
  Expr *target = nullptr;
};

// c ? a : b, and the short form c ?: b (then_expr == nullptr). Also
// `if (c) { a } else { b }` used as a value: its arms are BlockValues (the
// else arm may be another such if), and `is_if` names it in messages.
struct Ternary : Expr {
  Ternary() : Expr(ExprKind::Ternary) {}
  Expr *cond = nullptr;
  Expr *then_expr = nullptr;
  Expr *else_expr = nullptr;
  bool is_if = false;
};

struct Block;

// { stmt; stmt; value }: statements, then the expression that is the
// block's value. Variables declared in it end with it.
struct BlockValue : Expr {
  BlockValue() : Expr(ExprKind::BlockValue) {}
  Block *body = nullptr;  // the statements before the value
  Expr *value = nullptr;
};

// base.field or base->field
struct Field : Expr {
  Field() : Expr(ExprKind::Field) {}
  Expr *base = nullptr;
  std::string field;
  bool is_arrow = false;
  // Set by sema: where the member lives in its record (or context).
  uint32_t offset = 0, bit_offset = 0, bit_size = 0;
  // Set by sema: a tracepoint's __data_loc field, whose value is the address
  // its u32 at `offset` points to within the record.
  bool data_loc = false;
  // Set by sema: a uprobe's argument passed on the stack, `offset` bytes
  // above the stack pointer at the function's entry (else `offset` is its
  // register's place in struct pt_regs).
  bool on_stack = false;
  // Set by sema for members of kernel (BTF) records: the steps codegen turns
  // into CO-RE relocations. Empty for the script's records and bitfields,
  // which keep the offsets above.
  std::vector<CoreHop> core_path;
};

// $t.0
struct TupleIndex : Expr {
  TupleIndex() : Expr(ExprKind::TupleIndex) {}
  Expr *base = nullptr;
  int index = 0;
};

// (a, b, ...) with at least two elements
struct Tuple : Expr {
  Tuple() : Expr(ExprKind::Tuple) {}
  std::vector<Expr *> elems;
};

// (a = 1, b = "x")
struct Record : Expr {
  Record() : Expr(ExprKind::Record) {}
  std::vector<std::string> names;
  std::vector<Expr *> elems;
};

// A type as written in a cast, sizeof or let: "uint8", "struct task_struct", with '*'s.
struct TypeName {
  std::string name;
  int pointer_depth = 0;
  // An array of the type above: (int8[8])x; 0 for int8[], sized by what is
  // cast; -1 when the type is not an array.
  int64_t array_size = -1;
  // The further sizes of a multi-dimensional array, as in C: int32[2][3] is
  // 2 arrays of 3, array_size 2 and inner_dims {3}.
  std::vector<uint32_t> inner_dims;
  // typeof(expr): the type is the expression's, which is never evaluated;
  // name is then empty. typeof(type) is just that type.
  Expr *of_expr = nullptr;
  SourceRange range;
};

struct Cast : Expr {
  Cast() : Expr(ExprKind::Cast) {}
  TypeName target;
  Expr *operand = nullptr;
};

// sizeof(type) or sizeof(expr): exactly one of the two is set
struct Sizeof : Expr {
  Sizeof() : Expr(ExprKind::Sizeof) {}
  TypeName of_type;
  Expr *of_expr = nullptr;
  uint64_t size = 0;  // set by sema
};

// offsetof(struct foo, a.b) or offsetof(expr, a.b); with a container,
// container_of(ptr, struct foo, a.b): ptr less that offset, as a pointer to
// the struct ptr's member is in.
struct Offsetof : Expr {
  Offsetof() : Expr(ExprKind::Offsetof) {}
  TypeName of_type;            // used when of_expr is null
  Expr *of_expr = nullptr;
  std::vector<std::string> path;  // the member, then members inside it
  Expr *container = nullptr;      // container_of's ptr
  uint64_t offset = 0;            // set by sema
};

// base[index] on a string, array or pointer
struct Index : Expr {
  Index() : Expr(ExprKind::Index) {}
  Expr *base = nullptr;
  Expr *index = nullptr;
};

// ---- statements ---------------------------------------------------------

enum class StmtKind { Expr, Assign, Let, Block, If, While, For, Unroll, Jump, Import };

struct Stmt : Node {
  explicit Stmt(StmtKind k) : kind(k) {}
  const StmtKind kind;
};

struct ExprStmt : Stmt {
  ExprStmt() : Stmt(StmtKind::Expr) {}
  Expr *expr = nullptr;
};

// target OP= value; op is nullopt-like: `has_op` false for plain '='
struct Assign : Stmt {
  Assign() : Stmt(StmtKind::Assign) {}
  Expr *target = nullptr;  // Var or MapRef
  bool has_op = false;
  BinOp op = BinOp::Add;
  Expr *value = nullptr;
};

// let $x[: type] [= value];  and  let @m = hash(N);
struct Let : Stmt {
  Let() : Stmt(StmtKind::Let) {}
  std::string name;        // "$x" or "@m"
  bool has_type = false;
  TypeName declared;
  Expr *value = nullptr;   // may be null
  Type var_type;           // filled by sema
};

struct Block : Stmt {
  Block() : Stmt(StmtKind::Block) {}
  std::vector<Stmt *> stmts;
  // The last statement is an expression with no `;` after it: a macro with
  // such a body can be used as a value.
  bool ends_in_value = false;
};

struct If : Stmt {
  If() : Stmt(StmtKind::If) {}
  Expr *cond = nullptr;
  Block *then_block = nullptr;
  Stmt *else_stmt = nullptr;  // Block, If (else if), or null
};

struct While : Stmt {
  While() : Stmt(StmtKind::While) {}
  Expr *cond = nullptr;
  Block *body = nullptr;
};

// for ($kv : @map) { }   or   for ($i : lo..hi) { }
struct For : Stmt {
  For() : Stmt(StmtKind::For) {}
  std::string var;
  Expr *map = nullptr;       // MapRef, when iterating a map
  Expr *range_lo = nullptr;  // both set for a range
  Expr *range_hi = nullptr;
  Block *body = nullptr;
};

struct Unroll : Stmt {
  Unroll() : Stmt(StmtKind::Unroll) {}
  Expr *count = nullptr;
  Block *body = nullptr;
};

enum class JumpKind { Break, Continue, Return };

struct Jump : Stmt {
  Jump() : Stmt(StmtKind::Jump) {}
  JumpKind jump = JumpKind::Break;
  Expr *value = nullptr;  // return only, optional
};

// import "NAME"; inside a probe: upstream's statement import, which takes
// only C sources, headers and objects; sema refuses it (docs/language.md).
struct ImportStmt : Stmt {
  ImportStmt() : Stmt(StmtKind::Import) {}
  std::string name;
};

// ---- top level ----------------------------------------------------------

// One attach point exactly as written, e.g. "tracepoint:syscalls:sys_enter_*".
// Splitting it into provider/target/function is sema's job (probe resolution).
struct AttachPoint : Node {
  std::string raw;
};

struct Probe : Node {
  std::vector<AttachPoint *> attach_points;
  Expr *predicate = nullptr;
  Block *body = nullptr;
};

// config = { key = value; ... }
struct ConfigEntry : Node {
  std::string key;
  Expr *value = nullptr;
};

// macro name($a, @b, c) { ... }
struct Macro : Node {
  std::string name;
  std::vector<std::string> params;
  Block *body = nullptr;
  // From stdlib/: its nodes' ranges are in that text, not the script's.
  bool from_stdlib = false;

  // What overloads are told apart by: the kind of each parameter, in order
  // ("$@e": a variable, a map, an expression).
  std::string signature() const {
    std::string s;
    for (auto &p : params) s += p[0] == '$' || p[0] == '@' ? p[0] : 'e';
    return s;
  }
};

// let @m = hash(N); at top level
struct MapDecl : Node {
  std::string name;
  std::string kind;  // hash, lruhash, percpuhash, ...
  uint64_t max_entries = 0;
};

// A C definition before the probes: struct/union with members, or an enum.
struct CMember {
  TypeName type;        // "int", "unsigned long", "struct foo", "u32", with '*'s
  std::string name;
  std::vector<uint32_t> dims;  // `name[A][B]`: {A, B}; empty when not an array
  uint32_t bit_width = 0;  // `name : N`
  SourceRange range;
};

struct CDefinition : Node {
  enum class Kind { Struct, Union, Enum } kind = Kind::Struct;
  std::string name;  // without the keyword; empty for an anonymous enum
  std::vector<CMember> members;                             // Struct, Union
  std::vector<std::pair<std::string, int64_t>> enumerators;  // Enum
};

// import "NAME"; at the top level (driver/imports.h resolves it).
struct Import {
  std::string name;
  SourceRange range;
};

struct Program : Node {
  std::vector<Import> imports;
  std::vector<CDefinition *> c_defs;
  std::vector<ConfigEntry *> config;
  std::vector<Macro *> macros;
  std::vector<MapDecl *> map_decls;
  std::vector<Probe *> probes;
};

// Owns every node of one parse.
class Context {
 public:
  template <class T>
  T *make(SourceRange r) {
    auto n = std::make_unique<T>();
    n->range = r;
    T *raw = n.get();
    nodes_.push_back(std::move(n));
    return raw;
  }
  // A copy of `n` (children shared until the caller replaces them).
  template <class T>
  T *copy(const T &n) {
    auto c = std::make_unique<T>(n);
    T *raw = c.get();
    nodes_.push_back(std::move(c));
    return raw;
  }
  Program *program = nullptr;
  SourceFile source;
  // A file `import` read: its nodes' ranges point at its `source`.
  const SourceFile *range_file = nullptr;
  // The files the program imports, each parsed into its own context (their
  // nodes joined the program; they live as long as this one).
  std::vector<std::unique_ptr<Context>> imported;

 private:
  std::vector<std::unique_ptr<Node>> nodes_;
};

const char *binop_str(BinOp op);
const char *unop_str(UnOp op);

}  // namespace bpfsh::ast
