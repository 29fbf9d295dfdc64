#pragma once
// The types sema gives to expressions and maps. They live with the AST
// because sema annotates nodes with them and codegen reads them back.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "artifact/layout.h"

namespace bpfsh::ast {

enum class TypeKind {
  None,   // not yet inferred, or a statement-like call (exit, printf)
  Int,    // bits 8/16/32/64, signed or not; always 8 bytes in maps and events
  Bool,   // true/false: 0 or 1 in a 64-bit register, 8 bytes in maps and events
  Str,    // fixed-size, NUL-padded bytes
  Tuple,  // elements each aligned to 8 bytes
  Inet,   // ntop(): u64 address family, then 16 address bytes; prints as text
  // C types of kernel memory (vmlinux BTF, or casts). A pointer is a 64-bit
  // address; a record or array expression stands for its kernel address and
  // is read member by member, never copied whole.
  Ptr,     // elems[0] is the pointee; no elems for void *
  Record,  // struct or union: `name` ("struct task_struct"), `size`, `btf_id`
  Array,   // elems[0] is the element, `count` of them
  // Printed as symbols by the runtime, resolved only then:
  KStack, // kstack: u64 stack id
  UStack, // ustack: u64 stack id, u64 pid, u64 return address at a uprobe on a function's entry (else 0)
  KSym,   // ksym(): u64 kernel address
  USym,   // usym(), func in uprobes: u64 user address, u64 pid
  Timestamp,  // strftime(): u64 nsecs (as nsecs counts), printed with `time_format`
  Buffer,    // buf(): u64 length, then `size` bytes; printed escaped (\xNN) or as hex
  MacAddr,   // macaddr(): 6 bytes (padded to 8), printed AA:BB:CC:DD:EE:FF
  Username,  // username: u64 uid, printed as the user's name
  // strerror(), signal_name(), syscall_name(), cgroup_path(): an i64 named in
  // user space through `lookup_table` when printed (cgroup_path's hierarchy
  // filter, if any, in `lookup_arg`).
  Lookup,
  // Aggregations: only ever the value type of a map.
  Count, Sum, Min, Max, Avg, Stats, Hist, Lhist, Tseries,
};

// A C enum: its name ("enum skb_drop_reason") and enumerators, shared by
// every value typed with it. Values print as their enumerator's name.
struct EnumDef {
  std::string name;
  std::vector<std::pair<uint64_t, std::string>> values;
  const std::string *name_of(uint64_t v) const {
    for (auto &[val, n] : values)
      if (val == v) return &n;
    return nullptr;
  }
};

// Where a member of an expanded record lives (see Type::members).
struct MemberPos {
  std::string name;
  uint32_t offset = 0;      // bytes from the record's start
  uint32_t bit_offset = 0;  // bitfields: bits after `offset`
  uint32_t bit_size = 0;    // bitfields only
};

struct Type;

// One step of a member access in kernel memory, for CO-RE relocations: the
// BTF record it starts from and the member it takes. An access through an
// anonymous struct or union is two steps, the first to the anonymous member.
struct CoreHop {
  uint32_t record_id = 0;     // BTF id of the record
  std::string record_name;    // bare: "task_struct"; empty when anonymous
  bool is_union = false;
  uint32_t record_size = 0;
  std::string member;         // empty for an anonymous member
  uint32_t member_offset = 0; // bytes from the record's start
  std::shared_ptr<const Type> member_type;
};

// How kstack/ustack print (bpftrace's stack modes).
// How a stack prints, from the script to the runtime (artifact/layout.h).
using StackMode = artifact::StackMode;

struct Type {
  TypeKind kind = TypeKind::None;
  uint32_t bits = 64;      // Int only
  bool is_signed = false;  // Int, and Sum/Min/Max/Avg/Stats (of signed input)
  uint32_t str_size = 0;   // Str only: bytes including the NUL
  std::vector<Type> elems; // Tuple; Ptr and Array: the one pointee/element
  std::string name;        // Record: "struct task_struct"
  std::string time_format;   // Timestamp: strftime()'s format
  std::string lookup_table;  // Lookup: the names' table ("strerror", "cgroup_path", ...)
  std::string lookup_arg;    // Lookup: cgroup_path()'s hierarchy filter
  uint32_t size = 0;       // Record: bytes; Buffer: capacity in bytes
  uint32_t btf_id = 0;     // Record: id in vmlinux BTF, or in `binary`'s
  std::string binary;      // Record: the user binary whose DWARF describes it; "" for the kernel's
  uint32_t count = 0;      // Array: elements
  StackMode stack_mode = StackMode::Bpftrace;  // KStack, UStack
  uint32_t stack_limit = 0;                    // KStack, UStack: most frames kept
  bool dwarf_unwind = false;  // UStack: dw_ustack, a sample unwound in user space (u64 sample id, u64 pid, u64 0)
  std::shared_ptr<const EnumDef> enum_def;     // Int: the enum it is a value of
  // Record, only when sema expanded it to be printed: elems[i] is member
  // i's type, members[i] where it lives (nested records expanded too).
  std::vector<MemberPos> members;
  // Tuple: a record literal's field names, one per element (empty: a tuple).
  std::vector<std::string> field_names;

  static Type none() { return {}; }
  // An integer as every slot stores it: 64 bits, same sign, same enum.
  Type widened() const {
    Type t = integer(64, is_signed); t.enum_def = enum_def; return t;
  }
  static Type integer(uint32_t bits, bool is_signed) {
    Type t; t.kind = TypeKind::Int; t.bits = bits; t.is_signed = is_signed; return t;
  }
  // One bit wide as far as arithmetic goes: mixing it with an integer never
  // makes the result unsigned.
  static Type boolean() { Type t; t.kind = TypeKind::Bool; t.bits = 1; return t; }
  static Type string(uint32_t size) {
    Type t; t.kind = TypeKind::Str; t.str_size = size; return t;
  }
  static Type tuple(std::vector<Type> elems) {
    Type t; t.kind = TypeKind::Tuple; t.elems = std::move(elems); return t;
  }
  static Type named_tuple(std::vector<Type> elems, std::vector<std::string> names) {
    Type t = tuple(std::move(elems)); t.field_names = std::move(names); return t;
  }
  static Type pointer(std::optional<Type> pointee) {
    Type t; t.kind = TypeKind::Ptr; if (pointee) t.elems.push_back(std::move(*pointee)); return t;
  }
  static Type record(std::string name, uint32_t size, uint32_t btf_id) {
    Type t; t.kind = TypeKind::Record; t.name = std::move(name); t.size = size; t.btf_id = btf_id; return t;
  }
  static Type array(Type elem, uint32_t count) {
    Type t; t.kind = TypeKind::Array; t.elems.push_back(std::move(elem)); t.count = count; return t;
  }
  static Type inet() { Type t; t.kind = TypeKind::Inet; return t; }
  static Type stack(bool user, StackMode mode, uint32_t limit) {
    Type t; t.kind = user ? TypeKind::UStack : TypeKind::KStack; t.stack_mode = mode; t.stack_limit = limit;
    return t;
  }
  static Type dw_stack(StackMode mode, uint32_t limit) {
    Type t = stack(true, mode, limit); t.dwarf_unwind = true; return t;
  }
  static Type symbol(bool user) { Type t; t.kind = user ? TypeKind::USym : TypeKind::KSym; return t; }
  static Type timestamp(std::string fmt) { Type t; t.kind = TypeKind::Timestamp; t.time_format = std::move(fmt); return t; }
  static Type buffer(uint32_t bytes) { Type t; t.kind = TypeKind::Buffer; t.size = bytes; return t; }
  static Type macaddr() { Type t; t.kind = TypeKind::MacAddr; return t; }
  static Type username() { Type t; t.kind = TypeKind::Username; return t; }
  static Type lookup(std::string table) { Type t; t.kind = TypeKind::Lookup; t.lookup_table = std::move(table); return t; }
  static Type agg(TypeKind k, bool is_signed = false) {
    Type t; t.kind = k; t.is_signed = is_signed; return t;
  }

  bool is_int() const { return kind == TypeKind::Int; }
  bool is_bool() const { return kind == TypeKind::Bool; }
  bool is_str() const { return kind == TypeKind::Str; }
  bool is_tuple() const { return kind == TypeKind::Tuple; }
  bool is_inet() const { return kind == TypeKind::Inet; }
  bool is_buffer() const { return kind == TypeKind::Buffer; }
  bool is_ptr() const { return kind == TypeKind::Ptr; }
  bool is_record() const { return kind == TypeKind::Record; }
  bool is_array() const { return kind == TypeKind::Array; }
  // Integers, bools and pointers: what arithmetic, conditions and %d accept
  // (bpftrace lets a bool take part in integer arithmetic as 0 or 1).
  bool is_int_like() const { return is_int() || is_bool() || is_ptr(); }
  // Held in one 64-bit register by generated code (records and arrays as
  // their address); everything else lives in a stack buffer.
  bool is_scalar() const { return is_int() || is_bool() || is_ptr() || is_record() || is_array(); }
  // Bytes of the C object itself (what sizeof() gives), not its storage slot.
  uint32_t c_size() const;
  bool is_stack() const { return kind == TypeKind::KStack || kind == TypeKind::UStack; }
  bool is_none() const { return kind == TypeKind::None; }
  bool is_agg() const { return kind >= TypeKind::Count; }

  // Bytes this value occupies in a map key/value, an event or a variable.
  uint32_t storage_size() const;
  // A tuple is laid out as a C struct, as bpftrace's (LLVM structs) are:
  // each element at a multiple of its alignment, the whole padded to the
  // largest. In a tuple an integer or bool takes its width, a string its
  // size, a record or array its bytes (held whole, not as an address).
  uint32_t field_size() const;
  uint32_t field_align() const;
  // Byte offset of tuple element i.
  uint32_t elem_offset(size_t i) const;

  // Same shape: kinds agree recursively (integer widths and string sizes may
  // differ; stacks must agree on mode and limit, which decide how they print).
  bool compatible(const Type &o) const;

  std::string str() const;  // "int64", "string[64]", "(int64,string[64])", "count"
};

}  // namespace bpfsh::ast
