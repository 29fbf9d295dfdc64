// LLVM's MC layer, without its code generator: the X86 target's descriptions
// and its disassembler, set up once per process on first use.
#include "host/instruction_starts.h"

#include <elf.h>

#include <fstream>
#include <memory>

#include <llvm/MC/MCAsmInfo.h>
#include <llvm/MC/MCContext.h>
#include <llvm/MC/MCDisassembler/MCDisassembler.h>
#include <llvm/MC/MCInst.h>
#include <llvm/MC/MCRegisterInfo.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/MCTargetOptions.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/TargetParser/Triple.h>

extern "C" {
void LLVMInitializeX86TargetInfo();
void LLVMInitializeX86TargetMC();
void LLVMInitializeX86Disassembler();
}

namespace bpfsh::host {
namespace {

using namespace llvm;

struct Decoder {
  std::unique_ptr<MCRegisterInfo> regs;
  std::unique_ptr<MCAsmInfo> asm_info;
  std::unique_ptr<MCSubtargetInfo> subtarget;
  std::unique_ptr<MCContext> ctx;
  std::unique_ptr<MCDisassembler> disassembler;
};

// nullptr when LLVM has no x86-64 disassembler (then nothing is checked).
const Decoder *decoder() {
  static const std::unique_ptr<Decoder> d = []() -> std::unique_ptr<Decoder> {
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86Disassembler();
    const std::string triple = "x86_64-unknown-linux-gnu";
    std::string err;
    const Target *t = TargetRegistry::lookupTarget(triple, err);
    if (!t) return nullptr;
    auto x = std::make_unique<Decoder>();
    MCTargetOptions opts;
    x->regs.reset(t->createMCRegInfo(triple));
    if (x->regs) x->asm_info.reset(t->createMCAsmInfo(*x->regs, triple, opts));
    x->subtarget.reset(t->createMCSubtargetInfo(triple, "", ""));
    if (!x->regs || !x->asm_info || !x->subtarget) return nullptr;
    x->ctx = std::make_unique<MCContext>(Triple(triple), x->asm_info.get(), x->regs.get(), x->subtarget.get());
    x->disassembler.reset(t->createMCDisassembler(*x->subtarget, *x->ctx));
    return x->disassembler ? std::move(x) : nullptr;
  }();
  return d.get();
}

// The function's bytes from the file part of an executable PT_LOAD segment.
std::optional<std::vector<uint8_t>> read_code(const std::string &path, const ElfLayout &layout, const FunctionSpan &f) {
  for (const auto &s : layout.loads) {
    if (!s.executable || f.address < s.vaddr || f.address + f.size > s.vaddr + s.size) continue;
    std::ifstream in(path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(f.address - s.vaddr + s.file_offset));
    std::vector<uint8_t> code(f.size);
    if (!in.read(reinterpret_cast<char *>(code.data()), static_cast<std::streamsize>(code.size()))) return std::nullopt;
    return code;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::vector<uint64_t>> x86_instruction_starts(const std::vector<uint8_t> &code, uint64_t address) {
  const Decoder *d = decoder();
  if (!d) return std::nullopt;
  ArrayRef<uint8_t> bytes(code);
  std::vector<uint64_t> starts;
  for (uint64_t off = 0; off < bytes.size();) {
    MCInst inst;
    uint64_t size = 0;
    if (d->disassembler->getInstruction(inst, size, bytes.slice(off), address + off, nulls()) !=
            MCDisassembler::Success ||
        size == 0)
      return std::nullopt;
    starts.push_back(off);
    off += size;
  }
  return starts;
}

std::optional<std::vector<uint64_t>> instruction_starts(const std::string &path, const FunctionSpan &f) {
  auto layout = read_elf_layout(path);
  if (!layout || layout->machine != EM_X86_64 || f.size == 0) return std::nullopt;
  auto code = read_code(path, *layout, f);
  if (!code) return std::nullopt;
  return x86_instruction_starts(*code, f.address);
}

}  // namespace bpfsh::host
