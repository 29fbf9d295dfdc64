#include "symbols/cfi_unwinder.h"

#include <llvm/DebugInfo/DWARF/DWARFContext.h>
#include <llvm/DebugInfo/DWARF/DWARFDebugFrame.h>
#include <llvm/Object/ObjectFile.h>

#include <algorithm>
#include <cstring>

namespace bpfsh::symbols {

namespace {

// DWARF's x86-64 register numbers (System V psABI, figure 3.36).
constexpr uint32_t kRbp = 6, kRsp = 7, kReturnAddress = 16;

struct FdeRange {
  uint64_t start, end;
  const llvm::dwarf::FDE *fde;
};

std::optional<FrameRule> rule_of(const llvm::dwarf::UnwindRow &row) {
  const llvm::dwarf::UnwindLocation &cfa = row.getCFAValue();
  if (cfa.getLocation() != llvm::dwarf::UnwindLocation::RegPlusOffset) return std::nullopt;
  if (cfa.getRegister() != kRsp && cfa.getRegister() != kRbp) return std::nullopt;
  FrameRule r;
  r.cfa_from_bp = cfa.getRegister() == kRbp;
  r.cfa_offset = cfa.getOffset();
  auto ra = row.getRegisterLocations().getRegisterLocation(kReturnAddress);
  if (ra && ra->getLocation() == llvm::dwarf::UnwindLocation::Undefined) r.outermost = true;
  else if (ra && ra->getLocation() == llvm::dwarf::UnwindLocation::CFAPlusOffset) r.ra_at = ra->getOffset();
  auto bp = row.getRegisterLocations().getRegisterLocation(kRbp);
  if (bp && bp->getLocation() == llvm::dwarf::UnwindLocation::CFAPlusOffset) r.bp_at = bp->getOffset();
  return r;
}

bool read_u64(const StackSample &s, uint64_t addr, uint64_t &out) {
  if (addr < s.sp || addr - s.sp + 8 > s.stack.size()) return false;
  std::memcpy(&out, s.stack.data() + (addr - s.sp), 8);
  return true;
}

}  // namespace

// One binary's frame descriptions, sorted by address, and the rules asked
// of them so far.
struct CfiUnwinder::FileCfi {
  llvm::object::OwningBinary<llvm::object::ObjectFile> file;
  std::unique_ptr<llvm::DWARFContext> dwarf;
  std::vector<FdeRange> fdes;
  std::map<uint64_t, std::optional<FrameRule>> rules;

  void index(const llvm::DWARFDebugFrame &frames) {
    for (const llvm::dwarf::FrameEntry &e : frames.entries())
      if (auto *fde = llvm::dyn_cast<llvm::dwarf::FDE>(&e))
        fdes.push_back({fde->getInitialLocation(), fde->getInitialLocation() + fde->getAddressRange(), fde});
    std::sort(fdes.begin(), fdes.end(), [](const FdeRange &a, const FdeRange &b) { return a.start < b.start; });
  }

  std::optional<FrameRule> find(uint64_t vaddr) const {
    auto it = std::upper_bound(fdes.begin(), fdes.end(), vaddr,
                               [](uint64_t v, const FdeRange &r) { return v < r.start; });
    if (it == fdes.begin() || vaddr >= std::prev(it)->end) return std::nullopt;
    auto table = llvm::dwarf::UnwindTable::create(std::prev(it)->fde);
    if (!table) {
      llvm::consumeError(table.takeError());
      return std::nullopt;
    }
    const llvm::dwarf::UnwindRow *at = nullptr;
    for (const llvm::dwarf::UnwindRow &row : *table)
      if (row.hasAddress() && row.getAddress() <= vaddr) at = &row;
    return at ? rule_of(*at) : std::nullopt;
  }
};

CfiUnwinder::CfiUnwinder(UserSymbolizer &locate) : locate_(locate) {}
CfiUnwinder::~CfiUnwinder() = default;

// .eh_frame is in every binary the toolchain links (even stripped ones);
// .debug_frame only where it was asked for.
CfiUnwinder::FileCfi *CfiUnwinder::cfi_of(const std::string &path) {
  auto [it, fresh] = files_.try_emplace(path);
  if (!fresh) return it->second.get();
  auto bin = llvm::object::ObjectFile::createObjectFile(path);
  if (!bin) {
    llvm::consumeError(bin.takeError());
    return nullptr;
  }
  auto cfi = std::make_unique<FileCfi>();
  cfi->file = std::move(*bin);
  cfi->dwarf = llvm::DWARFContext::create(*cfi->file.getBinary());
  for (bool eh : {true, false}) {
    auto frames = eh ? cfi->dwarf->getEHFrame() : cfi->dwarf->getDebugFrame();
    if (!frames) {
      llvm::consumeError(frames.takeError());
      continue;
    }
    if (cfi->fdes.empty() && *frames) cfi->index(**frames);
  }
  if (cfi->fdes.empty()) return nullptr;
  it->second = std::move(cfi);
  return it->second.get();
}

std::optional<FrameRule> CfiUnwinder::rule(const std::string &path, uint64_t vaddr) {
  FileCfi *cfi = cfi_of(path);
  if (!cfi) return std::nullopt;
  auto [it, fresh] = cfi->rules.try_emplace(vaddr);
  if (fresh) it->second = cfi->find(vaddr);
  return it->second;
}

// A return address is looked up one byte back: the call it follows may be
// the last instruction of its function (a call to a function that never
// returns), and the next address another function's first.
std::vector<uint64_t> CfiUnwinder::unwind(int pid, const StackSample &s, uint32_t limit) {
  std::vector<uint64_t> frames;
  uint64_t pc = s.ip, sp = s.sp, bp = s.bp;
  while (pc && frames.size() < limit) {
    frames.push_back(pc);
    auto at = locate_.locate(pid, frames.size() == 1 ? pc : pc - 1);
    auto r = at ? rule(at->path, at->vaddr) : std::nullopt;
    if (!r || r->outermost) break;
    uint64_t cfa = (r->cfa_from_bp ? bp : sp) + uint64_t(r->cfa_offset), ra = 0;
    if (cfa <= sp || !read_u64(s, cfa + uint64_t(r->ra_at), ra)) break;
    if (r->bp_at && !read_u64(s, cfa + uint64_t(*r->bp_at), bp)) break;
    sp = cfa;
    pc = ra;
  }
  return frames;
}

}  // namespace bpfsh::symbols
