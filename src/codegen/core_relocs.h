#pragma once
// CO-RE: member accesses into kernel structs as BPF CO-RE field relocations,
// so an object written with --emit-elf loads on a kernel whose struct layouts
// differ and libbpf patches each offset to the running kernel's.
//
// The LLVM way: each member access is an llvm.preserve.{struct,union}.access.
// index call tagged with the debug-info type of its record; the BPF backend
// turns these into relocations in .BTF.ext. Only the records and members a
// script touches get debug-info types: a record lists just the members used,
// which is all libbpf needs (it matches members by name, not position).
#include <llvm/IR/DIBuilder.h>
#include <llvm/IR/IRBuilder.h>

#include <map>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "codegen/map_defs.h"

namespace bpfsh::codegen {

class CoreRelocs {
 public:
  explicit CoreRelocs(MapDefs &defs);

  // The address of the member `path` leads to from the record at `base` (a
  // pointer), through relocatable steps.
  llvm::Value *member_address(llvm::IRBuilder<> &b, llvm::Value *base, const std::vector<ast::CoreHop> &path);
  // A function with relocations needs debug info of its own for the backend
  // to emit them: a subprogram, and a location on each instruction.
  void describe_function(llvm::Function &fn);
  // Gives every record its members; before MapDefs::finalize().
  void finalize();

 private:
  struct Record {
    llvm::DICompositeType *di = nullptr;
    bool is_union = false;
    std::vector<llvm::Metadata *> members;  // in first-use order until finalize()
    std::vector<uint32_t> offsets;          // of each member
    std::map<std::string, unsigned> index;  // member name (or "@offset") -> position
    // The access calls naming a member by its position, renumbered when
    // finalize() puts the members in offset order (the kernel's BTF check).
    std::vector<llvm::CallInst *> calls;
  };
  Record &record(const ast::CoreHop &hop);
  Record &record_of(const ast::Type &t, const ast::CoreHop *hop);
  unsigned member_index(Record &r, const ast::CoreHop &hop);
  llvm::DIType *di_type(const ast::Type &t);

  MapDefs &defs_;
  std::string flavor_;  // appended to record names; see the constructor
  std::map<uint32_t, Record> records_;  // by BTF id
  std::map<std::string, llvm::DIType *> basic_;
};

}  // namespace bpfsh::codegen
