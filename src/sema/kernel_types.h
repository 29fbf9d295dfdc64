#pragma once
// C types of the kernel, from the BTF its host::Host gives (the running
// kernel's /sys/kernel/btf/vmlinux, or a test's). Asked for on first use
// only: scripts that never touch a kernel type pay nothing. Types come back as ast::Type; records are named and resolved
// member by member as the script asks for them.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ast/types.h"
#include "host/host.h"

struct btf;

namespace bpfsh::sema {

struct Member {
  std::string name;
  uint32_t offset = 0;      // bytes from the start of the record
  uint32_t bit_offset = 0;  // bitfields: bits after `offset`
  uint32_t bit_size = 0;    // bitfields only; 0 otherwise
  ast::Type type;
  std::vector<ast::CoreHop> path;  // member(): the steps from the record to it
};

class KernelTypes {
 public:
  // The host keeps the parsed BTF; this keeps the types made from it.
  explicit KernelTypes(host::Host &host) : host_(host) {}
  // The types of a user binary's DWARF (host::DebugInfo) instead: records
  // carry the binary's path, and their members no CO-RE path.
  KernelTypes(host::Host &host, std::string binary) : host_(host), binary_(std::move(binary)) {}
  KernelTypes(const KernelTypes &) = delete;
  KernelTypes &operator=(const KernelTypes &) = delete;
  host::Host &host() { return host_; }

  // False, with the reason in `why`, when the kernel has no usable BTF.
  bool available(std::string *why = nullptr);

  // "struct task_struct", "union x", "task_struct", "u32", "pid_t", ...
  std::optional<ast::Type> named(const std::string &name);
  // A C type as tracefs formats spell it: "const char *", "struct file *",
  // "unsigned int", "u8[16]"; nullopt when some part is unknown.
  std::optional<ast::Type> parse(const std::string &c_type);
  // A member of a record, looking inside anonymous structs and unions.
  std::optional<Member> member(const ast::Type &record, const std::string &name);
  std::vector<std::string> member_names(const ast::Type &record);
  // Parameters of a raw tracepoint (btf_trace_<event>), without the context.
  std::optional<std::vector<Member>> raw_tracepoint_params(const std::string &event);
  // The parsed BTF (nullptr without one) and any of its types as ast::Type,
  // for readers of other BTF kinds (function prototypes: kernel_funcs.cpp).
  ast::Type type_of(uint32_t id) { return convert(id); }
  // An enumerator of any kernel enum by name ("BTF_VAR_STATIC"): its value,
  // typed as its enum. The first lookup indexes every enum (a few ms).
  std::optional<std::pair<uint64_t, ast::Type>> enumerator(const std::string &name);
  // Every member of a record with its exact place, for printing: anonymous
  // structs and unions flattened into it, bitfields at byte granularity.
  std::vector<Member> all_members(const ast::Type &record);
  // The parsed BTF itself (nullptr without one): CO-RE relocations in
  // codegen, function prototypes in kernel_funcs.cpp.
  const struct btf *btf() { return available() ? btf_ : nullptr; }
  // The binary's debug info (nullptr for the kernel's types, or without it).
  const host::DebugInfo *debug_info() { return available() && !binary_.empty() ? debug_ : nullptr; }
  const std::string &binary() const { return binary_; }
  // Every function BTF describes (fentry/fexit candidates), sorted.
  const std::vector<host::KernelFunc> &functions();

 private:
  host::Host &host_;
  std::string binary_;
  const host::DebugInfo *debug_ = nullptr;
  ast::Type convert(uint32_t id, int depth = 0);
  std::optional<ast::Type> lookup_named(const std::string &name);
  std::optional<Member> find_member(uint32_t record_id, const std::string &name, uint32_t base_bits);
  void collect_members(uint32_t record_id, uint32_t base_bits, std::vector<Member> &out);
  std::shared_ptr<const ast::EnumDef> enum_def(uint32_t id);
  std::map<uint32_t, std::shared_ptr<const ast::EnumDef>> enums_;
  // enumerator name -> id of its enum; built on the first enumerator lookup.
  std::map<std::string, uint32_t> enumerator_index_;
  bool indexed_ = false;
  const struct btf *btf_ = nullptr;
  std::optional<std::vector<host::KernelFunc>> functions_;
  // Name lookups scan every BTF type; scripts repeat names (curtask, casts).
  std::map<std::string, std::optional<ast::Type>> named_;
  bool tried_ = false;
  std::string error_;
};

}  // namespace bpfsh::sema
