#pragma once
// BTF-defined BPF maps: one global in section ".maps" per map, described by
// debug info the BPF backend turns into BTF, the only map syntax libbpf 1.x reads.
#include <llvm/IR/DIBuilder.h>
#include <llvm/IR/Module.h>

#include "ast/types.h"

namespace bpfsh::codegen {

enum class BpfMapType : uint32_t {
  Hash = 1, Array = 2, PerCpuHash = 5, PerCpuArray = 6, StackTrace = 7, LruHash = 9, LruPerCpuHash = 10, PerfEventArray = 4, RingBuf = 27
};

class MapDefs {
 public:
  // Debug info names the script `file` and embeds its text, which BTF line
  // info quotes (debug_locations.h).
  MapDefs(llvm::Module &m, const std::string &file, const std::string &text);
  ~MapDefs();

  // A map with numeric key/value sizes; key_size 0 for a ring buffer.
  llvm::GlobalVariable *define(const std::string &name, BpfMapType type, uint32_t max_entries,
                               uint32_t key_size, uint32_t value_size, uint32_t map_flags = 0);
  // Gives `fn` a subprogram description, so BTF carries its func_info: the
  // verifier needs it for programs with callbacks (bpf_loop and kin), and
  // for the callbacks themselves. Programs without are not described.
  // Every parameter is described as a 64-bit integer; the result as long.
  void describe_function(llvm::Function &fn);
  // An extern kernel function (kfunc) in section ".ksyms", described so the
  // BPF backend writes its prototype into BTF, where libbpf finds it in
  // vmlinux's. `ret` and `params` name types: "task" (struct task_struct *),
  // "int" (32 bits) or, for ret only, "void".
  llvm::Function *kfunc(const std::string &name, const std::string &ret, const std::vector<std::string> &params);
  // An extern kernel variable (a typed ksym) in section ".ksyms", of a
  // record or integer type as vmlinux's BTF has it: libbpf checks the kinds.
  llvm::GlobalVariable *ksym_var(const std::string &name, const ast::Type &t);
  // A `const volatile u64 name = 0` in `section`, which the loader may set
  // before load and the kernel then freezes: the verifier knows its value.
  llvm::GlobalVariable *load_time_constant(const std::string &name, const std::string &section);
  // The "license" section every program needs for GPL-only helpers.
  void define_license(const std::string &license);
  void finalize();
  // The module's debug info, shared with CO-RE relocations (core_relocs.h).
  llvm::DIBuilder &dib() { return dib_; }
  llvm::DICompileUnit *cu() { return cu_; }
  llvm::DIFile *file() { return file_; }

 private:
  llvm::DIType *int_array_ptr(uint64_t n);
  llvm::DIType *long_ = nullptr;
  llvm::DIType *task_ptr_ = nullptr;

  llvm::Module &module_;
  llvm::DIBuilder dib_;
  llvm::DIFile *file_;
  llvm::DICompileUnit *cu_;
  llvm::DIType *int_;
};

}  // namespace bpfsh::codegen
