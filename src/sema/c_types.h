#pragma once
// One view of every C type a script can name: its own definitions first
// (script_types.h), then C integer spellings, then the kernel's BTF
// (kernel_types.h); in a uprobe, the probed binary's DWARF types come
// before the kernel's (binary_types.h). Records say which they come from: a
// kernel record has a BTF id, a binary's its path too, a script record neither.
#include <optional>
#include <string>
#include <vector>

#include "sema/binary_types.h"
#include "sema/kernel_types.h"
#include "sema/script_types.h"

namespace bpfsh::sema {

class CTypes {
 public:
  CTypes(const ScriptTypes *script, KernelTypes &kernel, BinaryTypes *binaries = nullptr, std::string binary = "")
      : script_(script), kernel_(kernel), binaries_(binaries), binary_(std::move(binary)) {}

  // "struct foo", "enum e", "u32", "unsigned long", "pid_t", ...
  std::optional<ast::Type> named(const std::string &name) const;
  std::optional<Member> member(const ast::Type &record, const std::string &name) const;
  std::vector<Member> all_members(const ast::Type &record) const;
  std::vector<std::string> member_names(const ast::Type &record) const;
  // An enumerator by name, the script's before the probed binary's, then the kernel's.
  std::optional<std::pair<uint64_t, ast::Type>> enumerator(const std::string &name) const;
  // t with every record in it expanded (Type::members), so print() can lay
  // the bytes out; nullopt with the reason when it can not be printed.
  std::optional<ast::Type> expand(const ast::Type &t, std::string &why, int depth = 0) const;
  // The member name closest to `name` by edit distance, for "did you mean".
  std::string closest_member(const ast::Type &record, const std::string &name) const;

 private:
  // The types a record's members come from.
  KernelTypes &types_of(const ast::Type &record) const;

  const ScriptTypes *script_;
  KernelTypes &kernel_;
  BinaryTypes *binaries_;
  std::string binary_;  // the probed binary, whose types a name finds first
};

}  // namespace bpfsh::sema
