#pragma once
// What sema hands to codegen beside the typed AST: the concrete probes (one per
// resolved attach point) and every map with its key and value types.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "artifact/events.h"
#include "artifact/options.h"
#include "artifact/probes.h"
#include "ast/ast.h"
#include "host/host.h"
#include "sema/config.h"

namespace bpfsh::sema {

// One kind of probe from attach resolution to the runtime (artifact/probes.h).
using ProbeType = artifact::ProbeKind;

// Where one USDT argument lives when the probe fires, decoded from the
// stapsdt note's operand ("-4@%edi", "8@-16(%rbp)", "4@$5"; x86-64).
struct UsdtArg {
  enum class Kind : uint8_t { Const, Reg, Mem } kind = Kind::Const;
  uint8_t size = 8;          // bytes: 1, 2, 4 or 8
  bool is_signed = false;
  int64_t value = 0;         // Const: the value; Mem: the displacement
  int32_t reg = -1;          // Reg, Mem: the base register's offset in struct pt_regs
  int32_t index = -1;        // Mem: the index register's pt_regs offset, -1 without one
  uint8_t scale = 1;         // Mem: the index's multiplier
  uint8_t reg_size = 8;      // Reg: bytes of the register named (%al: 1, %eax: 4)
  // Mem relative to %rip: the symbol's link-time address minus the probe's,
  // added to the run-time ip (the probed instruction).
  bool rip_relative = false;
};

// A tracepoint's field from tracefs' format file.
using TracepointField = host::TracepointField;

// kaddr("NAME") and uaddr("NAME"), resolved at compile time. In a PIE or a
// shared library a user address is known only at run time: it is the probe's
// own address (func_ip) moved by `value`, the distance between the symbols.
struct SymbolAddress {
  uint64_t value = 0;
  bool from_func_ip = false;
};

// One attach point after resolution and wildcard expansion: what the runtime
// needs to attach it (the ProbeSpec part, carried into the artifact as it is)
// and what sema and codegen need besides.
struct ProbeInstance : artifact::ProbeSpec {
  ast::Probe *probe = nullptr;
  ast::AttachPoint *attach = nullptr;
  // This attach point's own copy of the block's predicate and body
  // (probe_expansion.h): sema annotates these, codegen emits them.
  ast::Expr *predicate = nullptr;
  ast::Block *body = nullptr;
  std::vector<TracepointField> fields;  // Tracepoint only
  // Fentry/Fexit: the u64 slots the function's arguments fill in the
  // context; fexit's return value is the slot after them.
  uint32_t arg_slots = 0;
  std::vector<UsdtArg> usdt_args;  // Usdt: where each argN lives
  // Uprobe, Uretprobe: the probed address as the binary was linked (the
  // function's plus the offset); user stacks and uaddr() are relative to it.
  std::optional<uint64_t> linked_address;
  // Uprobe: at a function's first instruction, where the function has not
  // yet saved the frame pointer, so a frame-pointer walk skips its caller:
  // ustack adds the return address at the stack pointer.
  bool at_function_entry = false;
  // kaddr()/uaddr() calls of this probe's body: the symbol depends on the
  // attach point (uaddr() reads the probed binary).
  std::map<const ast::Node *, SymbolAddress> symbol_addresses;
  // Packet hooks: the body reads pkt, so the program parses the packet first.
  bool uses_pkt = false;

  // What the `probe` builtin says: the resolved name, with begin and end in
  // lower case whichever spelling the script used, as bpftrace (>= 0.24).
  std::string probe_name() const {
    if (type == artifact::ProbeKind::Begin) return "begin";
    if (type == artifact::ProbeKind::End) return "end";
    return display;
  }
};

struct MapInfo {
  std::string name;
  ast::Type key;    // None for a scalar map
  ast::Type value;  // an aggregation kind or a plain value type
  SourceRange first_use{};
  int64_t lhist_min = 0, lhist_max = 0, lhist_step = 0;
  uint32_t hist_bits = 0;  // hist(n, k): each power of two in 2^k buckets
  // tseries(): the interval in ns, how many are kept, and how values in one
  // interval combine ("" keeps the last; avg, min, max, sum).
  uint64_t tseries_interval = 0;
  uint32_t tseries_num = 0;
  std::string tseries_agg;
  // From `let @m = lruhash(N);`: the BPF map kind and its entries; empty/0 when inferred.
  std::string declared_kind;
  uint32_t declared_entries = 0;
  // Created by an earlier program of the same live session (the REPL): the
  // kernel map exists, so its layout can no longer change.
  bool fixed = false;
};

class ScriptTypes;
class KernelTypes;
class BinaryTypes;

// One getopt() option: what --help shows, and the value every call of it
// is (the one given after `--`, else the default).
struct ScriptOption {
  artifact::OptionSpec spec;
  bool flag = false;
  int64_t number = 0;
  std::string text;
};

struct ProgramInfo {
  std::vector<ProbeInstance> probes;
  std::shared_ptr<const ScriptTypes> script_types;  // the script's C definitions
  // The machine compiled for, and the kernel's types seen through it; sema
  // only (codegen reads neither).
  host::Host *host = nullptr;
  std::shared_ptr<KernelTypes> kernel_types;
  std::shared_ptr<BinaryTypes> binary_types;  // uprobe targets' DWARF types
  std::vector<MapInfo> maps;               // in first-use order
  std::map<std::string, size_t> map_index;  // name -> index in maps
  std::vector<std::string> positional;     // $1.. as given on the command line
  Config config;                           // after the config block and the environment
  uint32_t strlen = 1024;                  // size of a string read at run time
  int64_t cpid = 0;                        // the -c child's pid, 0 when none
  int64_t pid = 0;                         // -p PID, 0 when none
  bool unsafe = false;                     // --unsafe: uprobe offsets go unchecked
  bool live = false;                       // a REPL session's program (SemaOptions::live)
  ast::StackMode stack_mode = ast::StackMode::Bpftrace;  // kstack/ustack without a mode
  std::map<std::string, std::string> named_args;  // getopt(): --name=value after the script
  std::vector<ScriptOption> script_options;      // what getopt() asks for (script_options.h)
  // Kernel facts sema looked up for codegen: comm(pid)'s offset of comm in
  // struct task_struct, and percpu_kaddr()'s variables with their types in
  // vmlinux (a record or an integer), which libbpf matches by kind.
  uint32_t task_comm_offset = 0;
  std::map<std::string, ast::Type> percpu_vars;
  // skboutput(): bpf_skb_output writes only to a perf event array, so
  // codegen sends every event of the program through one.
  bool skb_output = false;
  // dw_ustack (or ustack unwound as one): its 12 KiB samples go through the
  // ring buffer, which codegen sizes for them.
  bool dw_samples = false;
  // %gr's names, read once from the kernel when a format first uses it.
  std::vector<artifact::FlagName> gfp_names;
  // The nodes of Expr::lowered expressions, made by sema after parsing.
  std::vector<std::shared_ptr<ast::Node>> lowered_nodes;

  // A node for a lowered expression, at `r` in the source; kept alive here.
  template <class T>
  T *lowered_node(SourceRange r) {
    auto n = std::make_shared<T>();
    n->range = r;
    lowered_nodes.push_back(n);
    return n.get();
  }

  const ScriptOption *find_option(const std::string &name) const {
    for (const auto &o : script_options)
      if (o.spec.name == name) return &o;
    return nullptr;
  }

  const MapInfo *find_map(const std::string &name) const {
    auto it = map_index.find(name);
    return it == map_index.end() ? nullptr : &maps[it->second];
  }
};

}  // namespace bpfsh::sema
