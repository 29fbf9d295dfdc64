#pragma once
// DWARF type DIEs written as BTF types into a writable struct btf, so the
// user binary's C types reach sema in the form the kernel's do. Internal to
// host/debug_info.cpp; the only other reader of LLVM's DWARF in host/.
#include <llvm/DebugInfo/DWARF/DWARFDie.h>

#include <cstdint>
#include <map>
#include <vector>

struct btf;

namespace bpfsh::host {

class DwarfBtf {
 public:
  explicit DwarfBtf(struct btf *b) : b_(b) {}
  // The BTF id of the DIE's type (0: void). Pointers are written with their
  // target left for finish(): C types refer to themselves only through one.
  uint32_t type(const llvm::DWARFDie &die);
  // The type a DIE's DW_AT_type names (0 when it has none: void).
  uint32_t type_of(const llvm::DWARFDie &die);
  // A FUNC named `name` whose prototype has the subprogram's parameters.
  uint32_t function(const std::string &name, const llvm::DWARFDie &subprogram);
  // Converts the pointers' targets and sets them; call once, at the end.
  void finish();

 private:
  uint32_t convert(const llvm::DWARFDie &die);
  uint32_t base(const llvm::DWARFDie &die);
  uint32_t record(const llvm::DWARFDie &die);
  uint32_t enumeration(const llvm::DWARFDie &die);
  uint32_t array(const llvm::DWARFDie &die);
  uint32_t index_type();

  struct btf *b_;
  // (unit, DIE offset) -> BTF id: each .dwo file's DIE offsets start at 0.
  std::map<std::pair<const llvm::DWARFUnit *, uint64_t>, uint32_t> ids_;
  std::vector<std::pair<uint32_t, llvm::DWARFDie>> pointers_;  // PTR id, target type DIE
  uint32_t index_ = 0;
};

// Every formal parameter child of a subprogram, in order.
std::vector<llvm::DWARFDie> parameters(const llvm::DWARFDie &subprogram);

}  // namespace bpfsh::host
