#include "symbols/user_symbolizer.h"

#include <llvm/DebugInfo/Symbolize/Symbolize.h>

#include <algorithm>

namespace bpfsh::symbols {

using llvm::symbolize::LLVMSymbolizer;

namespace {

// `lines`: DIR/FILE and line of each address, which reads line tables;
// without, names only.
LLVMSymbolizer::Options options(bool lines = false) {
  using Kind = llvm::DILineInfoSpecifier::FileLineInfoKind;
  LLVMSymbolizer::Options o;
  o.PathStyle = lines ? Kind::AbsoluteFilePath : Kind::None;
  o.PrintFunctions = llvm::DILineInfoSpecifier::FunctionNameKind::LinkageName;
  o.UseSymbolTable = true;
  o.Demangle = true;
  return o;
}

SourceLine source_line(const llvm::DILineInfo &info) {
  if (info.FileName == llvm::DILineInfo::BadString || info.FileName.empty() || info.Line == 0) return {};
  return SourceLine{info.FileName, info.Line};
}

}  // namespace

UserSymbolizer::UserSymbolizer(host::Host &host) : host_(host), llvm_(std::make_unique<LLVMSymbolizer>(options())) {}
UserSymbolizer::~UserSymbolizer() = default;

void UserSymbolizer::remember(int pid, const std::string &binary, uint64_t bias) {
  if (auto maps = host_.process_maps(pid)) {
    images_.keep(pid, std::move(*maps));
    return;
  }
  if (binary.empty()) return;
  const ElfLayout *layout = layout_of(binary);
  if (!layout) return;
  std::vector<Mapping> maps;
  for (const auto &seg : layout->loads)
    if (seg.executable) maps.push_back(Mapping{seg.vaddr + bias, seg.vaddr + bias + seg.size, seg.file_offset, binary});
  images_.keep_stand_in(pid, std::move(maps));
}

const Mapping *UserSymbolizer::mapping_for(int pid, uint64_t addr) {
  if (const Mapping *m = images_.find(pid, addr)) return m;
  auto fresh = host_.process_maps(pid);
  if (!fresh) return nullptr;  // gone, and not remembered in time
  images_.keep(pid, std::move(*fresh));
  return images_.find(pid, addr);
}

const ElfLayout *UserSymbolizer::layout_of(const std::string &path) {
  auto it = layouts_.find(path);
  if (it == layouts_.end()) it = layouts_.emplace(path, host_.elf_layout(path)).first;
  return it->second ? &*it->second : nullptr;
}

std::optional<FileAddress> UserSymbolizer::locate(int pid, uint64_t addr) {
  const Mapping *m = mapping_for(pid, addr);
  if (!m) return std::nullopt;
  const ElfLayout *layout = layout_of(m->path);
  if (!layout) return std::nullopt;
  return FileAddress{m->path, layout->vaddr_of(addr - m->start + m->file_offset)};
}

std::optional<UserSymbol> UserSymbolizer::resolve(int pid, uint64_t addr) {
  auto at = locate(pid, addr);
  if (!at) return std::nullopt;
  return resolve_in_file(at->path, at->vaddr);
}

std::optional<UserSymbol> UserSymbolizer::resolve_in_file(const std::string &path, uint64_t vaddr) {
  auto [it, fresh] = done_.try_emplace({path, vaddr});
  if (!fresh) return it->second;
  auto info = llvm_->symbolizeCode(path, {vaddr, llvm::object::SectionedAddress::UndefSection});
  if (!info) {
    llvm::consumeError(info.takeError());
    return std::nullopt;
  }
  if (info->FunctionName == llvm::DILineInfo::BadString) return std::nullopt;
  UserSymbol s{info->FunctionName, 0, path, {}, {}};
  if (info->StartAddress && *info->StartAddress <= vaddr) s.offset = vaddr - *info->StartAddress;
  it->second = s;
  return s;
}

std::optional<UserSymbol> UserSymbolizer::resolve_with_lines(int pid, uint64_t addr, bool return_address) {
  auto at = locate(pid, addr);
  if (!at) return std::nullopt;
  return resolve_in_file_with_lines(at->path, at->vaddr, return_address);
}

// The real function's name and offset are resolve_in_file's, so a frame
// reads the same with and without lines; DWARF's inlining chain adds the rest.
std::optional<UserSymbol> UserSymbolizer::resolve_in_file_with_lines(const std::string &path, uint64_t vaddr,
                                                                     bool return_address) {
  auto [it, fresh] = done_lines_.try_emplace({path, vaddr, return_address});
  if (!fresh) return it->second;
  auto s = resolve_in_file(path, vaddr);
  if (!s) return std::nullopt;
  if (!lines_) lines_ = std::make_unique<LLVMSymbolizer>(options(true));
  uint64_t at = return_address && vaddr > 0 ? vaddr - 1 : vaddr;
  auto chain = lines_->symbolizeInlinedCode(path, {at, llvm::object::SectionedAddress::UndefSection});
  if (!chain) {
    llvm::consumeError(chain.takeError());
  } else if (uint32_t n = chain->getNumberOfFrames()) {
    // Frame 0 is the innermost inlined function, the last the real one.
    for (uint32_t i = 0; i + 1 < n; i++) {
      const llvm::DILineInfo &f = chain->getFrame(i);
      if (f.FunctionName == llvm::DILineInfo::BadString) continue;
      s->inlined.push_back(InlinedCall{f.FunctionName, source_line(f)});
    }
    s->at = source_line(chain->getFrame(n - 1));
  }
  it->second = s;
  return s;
}

}  // namespace bpfsh::symbols
