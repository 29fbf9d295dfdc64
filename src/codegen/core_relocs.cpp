#include "codegen/core_relocs.h"

#include <llvm/BinaryFormat/Dwarf.h>
#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/IR/Module.h>

#include <algorithm>
#include <atomic>

namespace bpfsh::codegen {

using namespace llvm;

namespace {

// "struct task_struct" -> "task_struct"; "struct (anonymous)" -> "".
std::string bare_name(const std::string &n) {
  size_t sp = n.find(' ');
  std::string s = sp == std::string::npos ? n : n.substr(sp + 1);
  return s == "(anonymous)" ? "" : s;
}

}  // namespace

// LLVM's BPF backend keeps the relocation globals it creates in a static map
// keyed by type name and access string, across modules: a later module of
// this process (the REPL compiles many; so do tests) making the same access
// would be handed the first module's global, long freed. A flavor suffix
// unique to each module keeps the keys apart; libbpf ignores `___suffix`
// when it matches our type names with the kernel's.
CoreRelocs::CoreRelocs(MapDefs &defs) : defs_(defs) {
  static std::atomic<unsigned> modules{0};
  flavor_ = "___bpfsh" + std::to_string(++modules);
}

CoreRelocs::Record &CoreRelocs::record_of(const ast::Type &t, const ast::CoreHop *hop) {
  auto it = records_.find(t.btf_id);
  if (it != records_.end()) return it->second;
  Record &r = records_[t.btf_id];
  bool is_union = hop ? hop->is_union : t.name.rfind("union ", 0) == 0;
  r.is_union = is_union;
  std::string name = hop ? hop->record_name : bare_name(t.name);
  if (!name.empty()) name += flavor_;
  uint64_t bits = uint64_t(hop ? hop->record_size : t.size) * 8;
  DIBuilder &dib = defs_.dib();
  // A distinct identifier per BTF type: two anonymous unions of one size
  // must stay two records.
  std::string id = "btf:" + std::to_string(t.btf_id);
  if (is_union)
    r.di = dib.createUnionType(defs_.cu(), name, defs_.file(), 0, bits, 8, DINode::FlagZero, DINodeArray(), 0, id);
  else
    r.di = dib.createStructType(defs_.cu(), name, defs_.file(), 0, bits, 8, DINode::FlagZero, nullptr,
                                DINodeArray(), 0, nullptr, id);
  return r;
}

CoreRelocs::Record &CoreRelocs::record(const ast::CoreHop &hop) {
  ast::Type t = ast::Type::record("", hop.record_size, hop.record_id);
  return record_of(t, &hop);
}

// The member's debug-info type only has to be of the kind libbpf checks for
// compatibility: integers, enums (by name), pointers, arrays, records.
DIType *CoreRelocs::di_type(const ast::Type &t) {
  DIBuilder &dib = defs_.dib();
  auto basic = [&](uint32_t bits, bool is_signed, bool is_char) -> DIType * {
    std::string name = is_char ? (is_signed ? "char" : "unsigned char")
                               : std::string(is_signed ? "" : "unsigned ") +
                                     (bits == 8 ? "char" : bits == 16 ? "short" : bits == 32 ? "int" : "long");
    auto &slot = basic_[name];
    if (!slot)
      slot = dib.createBasicType(name, bits,
                                 is_char ? (is_signed ? dwarf::DW_ATE_signed_char : dwarf::DW_ATE_unsigned_char)
                                         : (is_signed ? dwarf::DW_ATE_signed : dwarf::DW_ATE_unsigned));
    return slot;
  };
  switch (t.kind) {
    case ast::TypeKind::Int:
      if (t.enum_def) {
        return dib.createEnumerationType(defs_.cu(), bare_name(t.enum_def->name), defs_.file(), 0, t.bits, t.bits,
                                         DINodeArray(), basic(t.bits, t.is_signed, false));
      }
      return basic(t.bits, t.is_signed, false);
    case ast::TypeKind::Ptr: return dib.createPointerType(nullptr, 64);
    case ast::TypeKind::Str: {
      auto *sub = dib.getOrCreateSubrange(0, int64_t(t.str_size));
      return dib.createArrayType(uint64_t(t.str_size) * 8, 8, basic(8, true, true), dib.getOrCreateArray({sub}));
    }
    case ast::TypeKind::Array: {
      auto *sub = dib.getOrCreateSubrange(0, int64_t(t.count));
      return dib.createArrayType(uint64_t(t.c_size()) * 8, 8, di_type(t.elems[0]), dib.getOrCreateArray({sub}));
    }
    case ast::TypeKind::Record: return record_of(t, nullptr).di;
    default: return basic(64, false, false);
  }
}

unsigned CoreRelocs::member_index(Record &r, const ast::CoreHop &hop) {
  std::string key = hop.member.empty() ? "@" + std::to_string(hop.member_offset) : hop.member;
  if (auto it = r.index.find(key); it != r.index.end()) return it->second;
  DIType *mt = di_type(*hop.member_type);
  uint64_t size = uint64_t(hop.member_type->c_size()) * 8;
  auto *m = defs_.dib().createMemberType(r.di, hop.member, defs_.file(), 0, size, 8,
                                         uint64_t(hop.member_offset) * 8, DINode::FlagZero, mt);
  r.members.push_back(m);
  r.offsets.push_back(hop.member_offset);
  return r.index[key] = unsigned(r.members.size() - 1);
}

Value *CoreRelocs::member_address(IRBuilder<> &b, Value *base, const std::vector<ast::CoreHop> &path) {
  Value *p = base;
  for (const auto &hop : path) {
    Record &r = record(hop);
    unsigned di_index = member_index(r, hop);
    if (hop.is_union) {
      p = b.CreatePreserveUnionAccessIndex(p, di_index, r.di);
    } else {
      // The IR type only has to admit index 0; the backend computes the
      // offset from the debug info.
      Type *bytes = ArrayType::get(b.getInt8Ty(), hop.record_size);
      auto *ty = StructType::get(b.getContext(), ArrayRef<Type *>(bytes));
      p = b.CreatePreserveStructAccessIndex(ty, p, 0, di_index, r.di);
      r.calls.push_back(cast<CallInst>(p));
    }
  }
  return p;
}

void CoreRelocs::describe_function(Function &fn) {
  DIBuilder &dib = defs_.dib();
  DIType *ptr = dib.createPointerType(nullptr, 64);
  DIType *ret = di_type(ast::Type::integer(64, true));
  auto *sty = dib.createSubroutineType(dib.getOrCreateTypeArray({ret, ptr}));
  auto *sp = dib.createFunction(defs_.file(), fn.getName(), fn.getName(), defs_.file(), 1, sty, 1,
                                DINode::FlagPrototyped, DISubprogram::SPFlagDefinition);
  // The kernel wants every argument of a BTF function named.
  dib.createParameterVariable(sp, "ctx", 1, defs_.file(), 1, ptr, true);
  fn.setSubprogram(sp);
  fn.addFnAttr(Attribute::NoUnwind);  // debug info alone would bring a .eh_frame
  auto *loc = DILocation::get(fn.getContext(), 1, 1, sp);
  for (auto &bb : fn)
    for (auto &inst : bb)
      if (!inst.getDebugLoc()) inst.setDebugLoc(loc);
  dib.finalizeSubprogram(sp);
}

void CoreRelocs::finalize() {
  for (auto &[id, r] : records_) {
    if (r.members.empty()) continue;
    if (!r.is_union) {
      // The kernel rejects BTF whose struct members go back in offset.
      std::vector<unsigned> order(r.members.size());
      for (unsigned i = 0; i < order.size(); i++) order[i] = i;
      std::stable_sort(order.begin(), order.end(), [&](unsigned a, unsigned b) { return r.offsets[a] < r.offsets[b]; });
      std::vector<unsigned> new_pos(order.size());
      std::vector<Metadata *> sorted;
      for (unsigned i = 0; i < order.size(); i++) {
        new_pos[order[i]] = i;
        sorted.push_back(r.members[order[i]]);
      }
      r.members = std::move(sorted);
      for (CallInst *c : r.calls) {
        auto old = unsigned(cast<ConstantInt>(c->getArgOperand(2))->getZExtValue());
        c->setArgOperand(2, ConstantInt::get(c->getArgOperand(2)->getType(), new_pos[old]));
      }
    }
    defs_.dib().replaceArrays(r.di, defs_.dib().getOrCreateArray(r.members));
  }
}

}  // namespace bpfsh::codegen
