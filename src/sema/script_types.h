#pragma once
// C types a script defines before its probes: `struct foo { int a; char b[8]; }`,
// unions and enums. bpfsh has no C compiler at run time; these are laid out
// here with the C (SysV x86-64) rules, from member types that are C integer
// spellings, kernel typedefs, or other structs, unions and enums.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "common/diag.h"
#include "sema/kernel_types.h"

namespace bpfsh::sema {

class ScriptTypes {
 public:
  // Member types not defined by the script come from the kernel's.
  explicit ScriptTypes(KernelTypes &kernel) : kernel_(&kernel) {}
  // Lays out every definition; unknown member types are located errors.
  void define(const std::vector<ast::CDefinition *> &defs, Diagnostics &diags);

  // "struct foo", "union u", "enum e": a type the script defined.
  std::optional<ast::Type> named(const std::string &name) const;
  // The members of a script record (nullptr when the script did not define it).
  const std::vector<Member> *members(const std::string &record_name) const;
  // An enumerator of a script enum, typed as its enum.
  std::optional<std::pair<uint64_t, ast::Type>> enumerator(const std::string &name) const;
  // Bytes a value of type t aligns to in a struct.
  uint32_t align_of(const ast::Type &t) const;

 private:
  struct Record {
    ast::Type type;
    uint32_t align = 1;
    std::vector<Member> members;
  };
  bool layout(const ast::CDefinition &d, Diagnostics *diags);
  void check_against_kernel(const ast::CDefinition &d, Diagnostics &diags);
  std::optional<ast::Type> member_type(const ast::CMember &m) const;

  KernelTypes *kernel_;
  std::map<std::string, Record> records_;
  std::map<std::string, std::shared_ptr<const ast::EnumDef>> enums_;
  std::map<std::string, std::pair<uint64_t, std::string>> enumerators_;  // name -> value, enum
};

}  // namespace bpfsh::sema
