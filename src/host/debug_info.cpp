// A user binary's DWARF read with LLVM's DWARF reader (debug_info.h): its
// types through DwarfBtf, its functions, and their parameters' places at
// entry, from the DWARF location when it holds there, else from the SysV
// x86-64 calling convention.
#include "host/debug_info.h"

#include <bpf/btf.h>
#include <llvm/BinaryFormat/Dwarf.h>
#include <llvm/DebugInfo/DWARF/DWARFContext.h>
#include <llvm/Object/ObjectFile.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/LEB128.h>

#include "host/debug_file.h"
#include "host/dwarf_btf.h"

namespace bpfsh::host {

using llvm::DWARFDie;
namespace dw = llvm::dwarf;
using Kind = ParamPlace::Kind;

DebugInfo::~DebugInfo() { btf__free(types); }

namespace {

// DWARF's x86-64 register numbers, as offsets in struct pt_regs (-1: not there).
int32_t pt_regs_offset(uint64_t dwarf_reg) {
  static const int32_t offsets[] = {80, 96, 88, 40, 104, 112, 32, 152, 72, 64, 56, 48, 24, 16, 8, 0};
  return dwarf_reg < 16 ? offsets[dwarf_reg] : -1;
}

ParamPlace in_register(int32_t off) { return {Kind::Register, off, 0, ""}; }
ParamPlace unavailable(std::string why) { return {Kind::Unavailable, -1, 0, std::move(why)}; }

// The place an expression at the function's entry gives; nullopt when it
// says nothing the entry can use (a frame-base offset, valid only once the
// prologue ran).
std::optional<ParamPlace> place_of(llvm::ArrayRef<uint8_t> e) {
  if (e.empty()) return unavailable("it was optimized out");
  const uint8_t *p = e.data(), *end = p + e.size();
  uint8_t op = *p++;
  unsigned n = 0;
  // DW_OP_entry_value(DW_OP_regN): at the entry, the register itself.
  if ((op == dw::DW_OP_entry_value || op == dw::DW_OP_GNU_entry_value) && p < end) {
    llvm::decodeULEB128(p, &n, end);
    p += n;
    if (p < end) op = *p++;
  }
  uint64_t reg = ~0ull;
  if (op >= dw::DW_OP_reg0 && op <= dw::DW_OP_reg31) reg = op - dw::DW_OP_reg0;
  if (op == dw::DW_OP_regx) reg = llvm::decodeULEB128(p, &n, end);
  if (reg != ~0ull) {
    if (e.size() > 1 && e.back() == dw::DW_OP_piece) return unavailable("it is split across registers");
    int32_t off = pt_regs_offset(reg);
    if (off >= 0) return in_register(off);
    // DWARF numbers xmm0-15 17-32: the uprobe's saved registers are the general ones.
    return unavailable(reg >= 17 && reg <= 32 ? "it is passed in a floating-point register"
                                              : "it is in a register a uprobe can not read");
  }
  if (op == dw::DW_OP_breg7) {  // memory at the stack pointer plus an offset
    int64_t off = llvm::decodeSLEB128(p, &n, end);
    return ParamPlace{Kind::Stack, -1, off, ""};
  }
  return std::nullopt;
}

// The SysV x86-64 calling convention's place of each parameter, for DWARF
// that only says where the function keeps them after its prologue (-O0).
class Convention {
 public:
  ParamPlace next(const struct btf *b, uint32_t type) {
    int32_t id = btf__resolve_type(b, type);
    const struct btf_type *t = id > 0 ? btf__type_by_id(b, id) : nullptr;
    uint64_t size = t ? static_cast<uint64_t>(btf__resolve_size(b, id)) : 8;
    if (t && btf_is_float(t)) return unavailable("it is passed in a floating-point register");
    bool composite = t && (btf_is_struct(t) || btf_is_union(t) || btf_is_array(t));
    if (composite && size > 16) return stack((size + 7) / 8);
    uint64_t words = composite ? (size + 7) / 8 : 1;
    if (regs_ + words > 6) return stack(words);
    static const int32_t gprs[] = {112, 104, 96, 88, 72, 64};  // rdi rsi rdx rcx r8 r9
    int32_t first = gprs[regs_];
    regs_ += static_cast<int>(words);
    if (composite) return unavailable("it is passed by value in registers");
    return in_register(first);
  }

 private:
  ParamPlace stack(uint64_t words) {
    ParamPlace p{Kind::Stack, -1, static_cast<int64_t>(8 + 8 * stack_words_), ""};
    stack_words_ += words;
    return p;
  }
  int regs_ = 0;
  uint64_t stack_words_ = 0;
};

ParamPlace entry_place(const DWARFDie &param, uint64_t entry, ParamPlace by_convention) {
  if (!param.find(dw::DW_AT_location)) return unavailable("it was optimized out");
  auto locs = param.getLocations(dw::DW_AT_location);
  if (!locs) {
    llvm::consumeError(locs.takeError());
    return by_convention;
  }
  for (auto &l : *locs) {
    if (l.Range && !(l.Range->LowPC <= entry && entry < l.Range->HighPC)) continue;
    return place_of(l.Expr).value_or(by_convention);
  }
  return unavailable("its location does not cover the function's entry");
}

void add_function(DebugInfo &info, DwarfBtf &conv, const DWARFDie &sp) {
  uint64_t lo = 0, hi = 0, section = 0;
  const char *name = sp.getName(llvm::DINameKind::ShortName);
  if (!name || !sp.getLowAndHighPC(lo, hi, section) || info.functions.count(name)) return;
  DebugFunction f;
  f.address = lo;
  f.btf_func = conv.function(name, sp);
  Convention abi;
  for (DWARFDie p : parameters(sp)) f.places.push_back(entry_place(p, lo, abi.next(info.types, conv.type_of(p))));
  info.functions.emplace(name, std::move(f));
}

// Subprograms and named types anywhere in the unit (C++ nests them in
// namespaces and classes); not into functions, whose local types are theirs.
void walk(DebugInfo &info, DwarfBtf &conv, const DWARFDie &die) {
  for (DWARFDie c : die.children()) {
    switch (c.getTag()) {
      case dw::DW_TAG_subprogram: add_function(info, conv, c); break;
      case dw::DW_TAG_structure_type:
      case dw::DW_TAG_union_type:
      case dw::DW_TAG_enumeration_type:
      case dw::DW_TAG_typedef:
        if (c.getShortName()) conv.type(c);
        break;
      case dw::DW_TAG_namespace: walk(info, conv, c); break;
      default: break;
    }
  }
}

// Where a skeleton unit's DWO file is: DW_AT_dwo_name, under DW_AT_comp_dir
// when relative (DWARF 4's GNU extension names it DW_AT_GNU_dwo_name).
std::string dwo_path(const DWARFDie &skeleton) {
  auto name = llvm::dwarf::toString(skeleton.find({dw::DW_AT_dwo_name, dw::DW_AT_GNU_dwo_name}));
  if (!name) return "";
  std::string dwo = *name;
  auto dir = llvm::dwarf::toString(skeleton.find(dw::DW_AT_comp_dir));
  if (!dwo.empty() && dwo[0] != '/' && dir && **dir) dwo = std::string(*dir) + "/" + dwo;
  return dwo;
}

// The unit's DIE with its DIEs: the unit itself, or, for a -gsplit-dwarf
// skeleton, the unit of its DWO file (in the .dwp beside the binary, else at
// its DW_AT_dwo_name, else beside the binary, where a moved build tree leaves
// it); an invalid DIE, with the DWO file's path in `missing`, without one.
DWARFDie full_unit(llvm::DWARFUnit &unit, const std::string &binary_dir, std::string &missing) {
  DWARFDie skeleton = unit.getUnitDIE(false);
  if (!unit.getDWOId() || unit.isDWOUnit()) return skeleton;
  std::string dwo = dwo_path(skeleton);
  std::string beside = binary_dir + dwo.substr(dwo.rfind('/') + 1);
  DWARFDie die = unit.getNonSkeletonUnitDIE(false, beside);
  if (die.isValid() && die.getDwarfUnit()->isDWOUnit()) return die;
  missing = dwo;
  return {};
}

std::string split_dwarf_missing(const std::string &binary, const std::string &dwo, size_t more) {
  return binary + " was built with split DWARF, and its .dwo file " + dwo + " is not there" +
         (more ? " (nor " + std::to_string(more) + " more)" : "") + ", nor a .dwp package " + binary + ".dwp";
}

}  // namespace

std::unique_ptr<DebugInfo> read_debug_info(const std::string &path, const std::vector<std::string> &debug_dirs,
                                           std::string &why) {
  auto file = find_debug_file(path, debug_dirs, why);
  if (!file) return nullptr;
  auto obj = llvm::object::ObjectFile::createObjectFile(*file);
  if (!obj) {
    why = *file + ": " + llvm::toString(obj.takeError());
    return nullptr;
  }
  // A .dwp is looked for beside the binary, not beside its separate debug file.
  auto ctx = llvm::DWARFContext::create(*obj->getBinary(), llvm::DWARFContext::ProcessDebugRelocations::Process,
                                        nullptr, path + ".dwp");
  auto info = std::make_unique<DebugInfo>();
  info->file = *file;
  info->types = btf__new_empty();
  DwarfBtf conv(info->types);
  std::vector<std::string> missing;
  std::string binary_dir = path.substr(0, path.rfind('/') + 1);
  for (auto &unit : ctx->compile_units()) {
    std::string dwo;
    DWARFDie die = full_unit(*unit, binary_dir, dwo);
    if (die.isValid()) walk(*info, conv, die);
    else missing.push_back(dwo);
  }
  conv.finish();
  if (!missing.empty()) info->incomplete = split_dwarf_missing(path, missing[0], missing.size() - 1);
  if (info->functions.empty() && !missing.empty()) {
    why = info->incomplete;
    return nullptr;
  }
  return info;
}

}  // namespace bpfsh::host
