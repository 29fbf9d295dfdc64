#pragma once
// The builtin registry: one plain-data row per function and per builtin
// variable (name, arity, argument form, valid probes, sema check or lowering,
// codegen emitter id, one-line doc), as Lua's luaL_Reg tables are. Each
// family's rows sit beside its checks in sema/calls_<family>.cpp; codegen's
// emitters for the same family are in codegen/calls_<family>.cpp.
#include <span>
#include <string>
#include <vector>

#include "ast/types.h"
#include "sema/program_info.h"
#include "sema/registry/emit_id.h"

namespace bpfsh::sema {

class TypeChecker;

namespace registry {

// In the order docs/functions.md lists them.
enum class Family : uint8_t {
  Output, Time, Aggregates, Maps, Strings, Bytes, Net, Symbols, Task, Probe, Machine, Memory, Names, Path,
  Introspect, Count,
};

enum class Kind : uint8_t { Function, Variable };

// How sema sees a function's arguments before its check runs.
enum class ArgForm : uint8_t {
  Values,  // expressions, typed before the check
  Format,  // a string literal format, then values for its specifiers
  Map,     // a map (whole or an element) first, typed by the check itself
  Words,   // bare words such as kstack(perf) or nsecs(boot), read by the check
};

// What codegen sees of a use.
enum class Lowering : uint8_t {
  None,     // emitted by the row's emitter id
  Always,   // sema rewrites every use (Expr::lowered) or answers it at compile time
  Part,     // only a part of another construct (args.NAME), emitted with it
};

// How a use in a probe the row does not allow is reported.
enum class ProbeWording : uint8_t {
  Named,     // "reg can not be used with 'tracepoint:a:b' probes"
  Listed,    // "The path function can only be used with 'fentry', 'fexit' probes"
  Excluded,  // "signal() can not be used in BEGIN or END probes"
};

constexpr uint8_t kVariadic = 255;
constexpr unsigned kAnyProbe = ~0u;

using CallCheck = void (TypeChecker::*)(ast::Call *n);
// Rewrites a variable's use (sets Expr::lowered); false when it is not its to lower.
using VarLowering = bool (TypeChecker::*)(ast::Builtin *n);

struct Row {
  const char *name;
  Kind kind = Kind::Function;
  Family family = Family::Output;
  const char *signature = "";  // as the reference shows it: "str(data[, len])"
  const char *doc = "";        // one line, a sentence
  // Functions.
  uint8_t min_args = 0, max_args = 0;
  ArgForm args = ArgForm::Values;
  bool unsafe = false;     // needs --unsafe
  CallCheck check = nullptr;
  // Variables: the type before any probe-specific refinement (a string of
  // size 0 is sized max_strlen), and the lowering, if any.
  ast::Type type = {};
  VarLowering lower = nullptr;
  // Both.
  unsigned probes = kAnyProbe;  // a bit per ProbeType (probe_bit)
  ProbeWording wording = ProbeWording::Named;
  Lowering lowering = Lowering::None;
  EmitId emit = EmitId::None;
};

struct FamilyInfo {
  const char *title;  // "Strings"
  const char *intro;  // a sentence for the reference
};

inline unsigned probe_bit(ProbeType t) { return 1u << static_cast<unsigned>(t); }

// Every row, family by family, in each family's own order.
const std::vector<const Row *> &rows();
const FamilyInfo &family_info(Family f);

// nullptr when there is none. variable() knows argN for N below kMaxArgs.
const Row *function(const std::string &name);
const Row *variable(const std::string &name);

// Sorted; argN is spelled out arg0..arg11.
std::vector<std::string> function_names();
std::vector<std::string> variable_names();

// The name a probe type goes by in messages and the reference ("uprobe", "BEGIN").
const char *probe_type_name(ProbeType t);
// "'fentry', 'fexit'" for a Listed row; "BEGIN or END" for an Excluded one.
std::string probes_phrase(unsigned probes, ProbeWording wording);

// The most arguments a USDT site has (sys/sdt.h's STAP_PROBE12), and so argN's bound.
constexpr int kMaxArgs = 12;
// argN below this reads a register or a raw tracepoint slot; above it only USDT has them.
constexpr int kMaxRegisterArgs = 6;

}  // namespace registry
}  // namespace bpfsh::sema
