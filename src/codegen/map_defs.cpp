#include "codegen/map_defs.h"

#include <llvm/BinaryFormat/Dwarf.h>
#include <llvm/IR/Constants.h>

namespace bpfsh::codegen {

using namespace llvm;

MapDefs::MapDefs(Module &m, const std::string &file, const std::string &text) : module_(m), dib_(m) {
  file_ = dib_.createFile(file, "", std::nullopt, StringRef(text));
  cu_ = dib_.createCompileUnit(dwarf::DW_LANG_C, file_, "bpfsh", true, "", 0);
  int_ = dib_.createBasicType("int", 32, dwarf::DW_ATE_signed);
  m.addModuleFlag(Module::Warning, "Dwarf Version", 4);
  m.addModuleFlag(Module::Warning, "Debug Info Version", DEBUG_METADATA_VERSION);
}

MapDefs::~MapDefs() = default;

// libbpf reads `int (*name)[N]` members as the number N (its __uint() macro).
DIType *MapDefs::int_array_ptr(uint64_t n) {
  auto *sub = dib_.getOrCreateSubrange(0, static_cast<int64_t>(n));
  auto *arr = dib_.createArrayType(n * 32, 32, int_, dib_.getOrCreateArray({sub}));
  return dib_.createPointerType(arr, 64);
}

GlobalVariable *MapDefs::define(const std::string &name, BpfMapType type, uint32_t max_entries,
                                uint32_t key_size, uint32_t value_size, uint32_t map_flags) {
  std::vector<std::pair<const char *, uint64_t>> fields = {
      {"type", static_cast<uint64_t>(type)}, {"max_entries", max_entries}};
  if (key_size) {
    fields.push_back({"key_size", key_size});
    fields.push_back({"value_size", value_size});
  }
  if (map_flags) fields.push_back({"map_flags", map_flags});
  std::vector<Metadata *> members;
  uint64_t off = 0;
  for (auto &[fname, n] : fields) {
    members.push_back(dib_.createMemberType(cu_, fname, file_, 0, 64, 64, off, DINode::FlagZero,
                                            int_array_ptr(n)));
    off += 64;
  }
  auto *sty = dib_.createStructType(cu_, "", file_, 0, off, 64, DINode::FlagZero, nullptr,
                                    dib_.getOrCreateArray(members));
  auto &ctx = module_.getContext();
  auto *lty = StructType::get(ctx, std::vector<Type *>(fields.size(), PointerType::get(ctx, 0)));
  auto *gv = new GlobalVariable(module_, lty, false, GlobalValue::ExternalLinkage,
                                ConstantAggregateZero::get(lty), name);
  gv->setSection(".maps");
  gv->setAlignment(Align(8));
  gv->addDebugInfo(dib_.createGlobalVariableExpression(cu_, name, name, file_, 0, sty, false));
  return gv;
}

void MapDefs::describe_function(Function &fn) {
  if (!long_) long_ = dib_.createBasicType("long", 64, dwarf::DW_ATE_signed);
  std::vector<Metadata *> types(fn.arg_size() + 1, long_);
  auto *sty = dib_.createSubroutineType(dib_.getOrCreateTypeArray(types));
  auto flags = DISubprogram::SPFlagDefinition;
  // Callbacks must be static in BTF too.
  if (fn.hasLocalLinkage()) flags |= DISubprogram::SPFlagLocalToUnit;
  auto *sp = dib_.createFunction(file_, fn.getName(), fn.getName(), file_, 0, sty, 0, DINode::FlagPrototyped, flags);
  // The kernel wants every argument of a BTF function named.
  for (unsigned i = 0; i < fn.arg_size(); i++)
    dib_.createParameterVariable(sp, "a" + std::to_string(i), i + 1, file_, 0, long_, true);
  fn.setSubprogram(sp);
}

Function *MapDefs::kfunc(const std::string &name, const std::string &ret, const std::vector<std::string> &params) {
  if (Function *f = module_.getFunction(name)) return f;
  auto &ctx = module_.getContext();
  // libbpf matches the prototype by kinds: a pointer to a struct (any
  // members) stands for a struct task_struct *, an int for any integer.
  if (!task_ptr_)
    task_ptr_ = dib_.createPointerType(dib_.createStructType(cu_, "task_struct", file_, 0, 0, 8, DINode::FlagZero,
                                                             nullptr, dib_.getOrCreateArray({})),
                                       64);
  auto di = [&](const std::string &t) -> Metadata * { return t == "task" ? task_ptr_ : t == "int" ? int_ : nullptr; };
  auto ir = [&](const std::string &t) -> Type * {
    return t == "task" ? PointerType::get(ctx, 0) : t == "int" ? Type::getInt32Ty(ctx) : Type::getVoidTy(ctx);
  };
  std::vector<Metadata *> di_types{di(ret)};
  std::vector<Type *> ir_params;
  for (auto &p : params) di_types.push_back(di(p)), ir_params.push_back(ir(p));
  auto *fn = Function::Create(FunctionType::get(ir(ret), ir_params, false), GlobalValue::ExternalLinkage, name, module_);
  fn->setSection(".ksyms");
  auto *sty = dib_.createSubroutineType(dib_.getOrCreateTypeArray(di_types));
  fn->setSubprogram(dib_.createFunction(file_, name, name, file_, 0, sty, 0, DINode::FlagPrototyped,
                                        DISubprogram::SPFlagZero));
  return fn;
}

GlobalVariable *MapDefs::ksym_var(const std::string &name, const ast::Type &t) {
  if (GlobalVariable *gv = module_.getNamedGlobal(name)) return gv;
  DIType *dt = nullptr;
  if (t.is_record()) {
    bool is_union = t.name.rfind("union ", 0) == 0;
    std::string tag = t.name.substr(t.name.find(' ') + 1);
    auto none = dib_.getOrCreateArray({});
    dt = is_union ? static_cast<DIType *>(dib_.createUnionType(cu_, tag, file_, 0, 0, 8, DINode::FlagZero, none))
                  : dib_.createStructType(cu_, tag, file_, 0, 0, 8, DINode::FlagZero, nullptr, none);
  } else {
    dt = dib_.createBasicType(t.str(), t.bits, t.is_signed ? dwarf::DW_ATE_signed : dwarf::DW_ATE_unsigned);
  }
  auto *gv = new GlobalVariable(module_, Type::getInt8Ty(module_.getContext()), false, GlobalValue::ExternalLinkage,
                                nullptr, name);
  gv->setSection(".ksyms");
  gv->addDebugInfo(dib_.createGlobalVariableExpression(cu_, name, name, file_, 0, dt, false, false));
  return gv;
}

GlobalVariable *MapDefs::load_time_constant(const std::string &name, const std::string &section) {
  auto *ty = Type::getInt64Ty(module_.getContext());
  auto *gv = new GlobalVariable(module_, ty, true, GlobalValue::ExternalLinkage, ConstantInt::get(ty, 0), name);
  gv->setSection(section);
  gv->setAlignment(Align(8));
  DIType *u64 = dib_.createBasicType("unsigned long long", 64, dwarf::DW_ATE_unsigned);
  DIType *cv = dib_.createQualifiedType(dwarf::DW_TAG_volatile_type,
                                        dib_.createQualifiedType(dwarf::DW_TAG_const_type, u64));
  gv->addDebugInfo(dib_.createGlobalVariableExpression(cu_, name, name, file_, 0, cv, false));
  return gv;
}

void MapDefs::define_license(const std::string &license) {
  auto *init = ConstantDataArray::getString(module_.getContext(), license, true);
  auto *gv = new GlobalVariable(module_, init->getType(), true, GlobalValue::ExternalLinkage, init, "_license");
  gv->setSection("license");
}

void MapDefs::finalize() { dib_.finalize(); }

}  // namespace bpfsh::codegen
