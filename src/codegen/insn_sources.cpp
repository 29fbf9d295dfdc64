#include "codegen/insn_sources.h"

#include <llvm/Object/ELFObjectFile.h>
#include <llvm/Object/ObjectFile.h>

#include <algorithm>
#include <cstring>

namespace bpfsh::codegen {

using namespace llvm;
using namespace llvm::object;

namespace {

constexpr uint32_t kInsn = 8;  // bytes per BPF instruction slot

uint32_t u32_at(StringRef bytes, size_t off) {
  uint32_t v = 0;
  if (off + 4 <= bytes.size()) std::memcpy(&v, bytes.data() + off, 4);
  return v;
}

struct LineRecord {
  uint32_t insn;  // index of the instruction in its section
  int line, col;
};

struct Func {
  std::string name;
  uint64_t section = 0;
  uint32_t start = 0, count = 0;  // instructions, within the section
};

// What placing callbacks needs of the object.
struct ObjectInfo {
  std::map<uint64_t, StringRef> code;                      // section index -> bytes
  std::map<uint64_t, std::vector<LineRecord>> lines;       // section index -> line info
  // (section, insn) -> the relocation's symbol: its section and value
  std::map<std::pair<uint64_t, uint32_t>, std::pair<uint64_t, uint64_t>> relocs;
  std::vector<Func> funcs;
  uint64_t text = ~uint64_t(0);  // .text, where callbacks live
};

// .BTF.ext's line info: per section, records {insn_off (bytes), file_name_off,
// line_off, line_col (line << 10 | column)}; section names are in .BTF's
// string table.
void read_line_info(StringRef btf, StringRef ext, const std::map<std::string, uint64_t> &by_name,
                    ObjectInfo &o) {
  if (btf.size() < 24 || ext.size() < 24) return;
  StringRef strings = btf.substr(u32_at(btf, 4) + u32_at(btf, 16), u32_at(btf, 20));
  size_t at = u32_at(ext, 4) + u32_at(ext, 16), end = at + u32_at(ext, 20);
  if (end > ext.size() || end - at < 4) return;
  uint32_t rec_size = u32_at(ext, at);
  if (rec_size < 16) return;
  for (at += 4; at + 8 <= end;) {
    uint32_t name_off = u32_at(ext, at), n = u32_at(ext, at + 4);
    at += 8;
    std::string name = name_off < strings.size() ? strings.substr(name_off).data() : "";
    auto sec = by_name.find(name);
    for (uint32_t i = 0; i < n && at + rec_size <= end; i++, at += rec_size) {
      uint32_t line_col = u32_at(ext, at + 12);
      if (sec != by_name.end())
        o.lines[sec->second].push_back({u32_at(ext, at) / kInsn, int(line_col >> 10), int(line_col & 0x3ff)});
    }
  }
}

void read_symbols(const ObjectFile &obj, ObjectInfo &o) {
  for (const SymbolRef &sym : obj.symbols()) {
    auto type = sym.getType();
    auto name = sym.getName();
    auto sec = sym.getSection();
    auto value = sym.getValue();
    if (!type || !name || !sec || !value || *sec == obj.section_end()) {
      consumeError(type.takeError()), consumeError(name.takeError());
      consumeError(sec.takeError()), consumeError(value.takeError());
      continue;
    }
    if (*type != SymbolRef::ST_Function) continue;
    uint64_t size = ELFSymbolRef(sym).getSize();
    o.funcs.push_back({name->str(), (*sec)->getIndex(), uint32_t(*value / kInsn), uint32_t(size / kInsn)});
  }
  for (const SectionRef &rel : obj.sections()) {
    auto target = rel.getRelocatedSection();
    if (!target) {
      consumeError(target.takeError());
      continue;
    }
    if (*target == obj.section_end()) continue;
    for (const RelocationRef &r : rel.relocations()) {
      auto value = r.getSymbol()->getValue();
      auto sec = r.getSymbol()->getSection();
      if (!value || !sec || *sec == obj.section_end()) {
        consumeError(value.takeError()), consumeError(sec.takeError());
        continue;
      }
      o.relocs[{(*target)->getIndex(), uint32_t(r.getOffset() / kInsn)}] = {(*sec)->getIndex(), *value};
    }
  }
}

ObjectInfo read_object(const ObjectFile &obj) {
  ObjectInfo o;
  std::map<std::string, uint64_t> by_name;
  StringRef btf, ext;
  for (const SectionRef &s : obj.sections()) {
    auto name = s.getName();
    auto bytes = s.getContents();
    if (!name || !bytes) {
      consumeError(name.takeError()), consumeError(bytes.takeError());
      continue;
    }
    by_name[name->str()] = s.getIndex();
    if (*name == ".BTF") btf = *bytes;
    else if (*name == ".BTF.ext") ext = *bytes;
    else if (s.isText()) o.code[s.getIndex()] = *bytes;
    if (*name == ".text") o.text = s.getIndex();
  }
  read_line_info(btf, ext, by_name, o);
  read_symbols(obj, o);
  return o;
}

const Func *func_at(const ObjectInfo &o, uint64_t section, uint32_t insn) {
  for (const Func &f : o.funcs)
    if (f.section == section && insn >= f.start && insn < f.start + f.count) return &f;
  return nullptr;
}

using Layout = std::vector<std::pair<const Func *, uint32_t>>;  // function, its first index

// The callbacks f calls (a BPF_PSEUDO_CALL) or takes the address of (a
// 64-bit load relocated against .text, which libbpf makes a
// BPF_PSEUDO_FUNC), appended after `total` instructions as libbpf does.
void place_callees(const ObjectInfo &o, const Func &f, Layout &layout, uint32_t &total) {
  auto code = o.code.find(f.section);
  if (code == o.code.end()) return;
  for (uint32_t i = f.start; i < f.start + f.count; i++) {
    StringRef insn = code->second.substr(size_t(i) * kInsn, kInsn);
    if (insn.size() < kInsn) break;
    uint8_t op = uint8_t(insn[0]), src = uint8_t(insn[1]) >> 4;
    int32_t imm = int32_t(u32_at(insn, 4));
    auto r = o.relocs.find({f.section, i});
    bool reloc = r != o.relocs.end();
    bool call = op == 0x85 && src == 1, addr = op == 0x18 && reloc && r->second.first == o.text;
    if (!call && !addr) continue;
    int64_t target;
    if (reloc) {
      int64_t sym = int64_t(r->second.second);
      target = call ? sym / kInsn + imm + 1 : (sym + imm) / kInsn;
    } else if (call) {
      target = int64_t(i) + imm + 1;
    } else {
      continue;
    }
    const Func *callee = target >= 0 ? func_at(o, o.text, uint32_t(target)) : nullptr;
    if (!callee || std::any_of(layout.begin(), layout.end(), [&](auto &p) { return p.first == callee; })) continue;
    layout.push_back({callee, total});
    total += callee->count;
    place_callees(o, *callee, layout, total);
  }
}

std::vector<InsnSource> sources_of(const ObjectInfo &o, const Func &main, const StmtSites &sites) {
  Layout layout{{&main, 0}};
  uint32_t total = main.count;
  place_callees(o, main, layout, total);
  std::vector<std::pair<uint32_t, const LineRecord *>> placed;
  for (auto [f, base] : layout) {
    auto lines = o.lines.find(f->section);
    if (lines == o.lines.end()) continue;
    for (const LineRecord &l : lines->second)
      if (l.insn >= f->start && l.insn < f->start + f->count) placed.push_back({base + l.insn - f->start, &l});
  }
  std::sort(placed.begin(), placed.end(), [](auto &a, auto &b) { return a.first < b.first; });
  std::vector<InsnSource> out;
  for (auto [insn, l] : placed) {
    InsnSource s{insn, {}, {}, ""};
    if (auto it = sites.find({l->line, l->col}); it != sites.end())
      s = InsnSource{insn, it->second.stmt, it->second.loop, it->second.loop_kind};
    bool same = !out.empty() && out.back().stmt.line == s.stmt.line && out.back().stmt.col == s.stmt.col;
    if (!same) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

void read_insn_sources(Artifact &artifact, const StmtSites &sites) {
  auto obj = ObjectFile::createObjectFile(
      MemoryBufferRef(StringRef(reinterpret_cast<const char *>(artifact.elf.data()), artifact.elf.size()), "bpfsh"));
  if (!obj) {
    consumeError(obj.takeError());
    return;
  }
  ObjectInfo o = read_object(**obj);
  for (ProbeSpec &p : artifact.probes)
    for (const Func &f : o.funcs)
      if (f.name == p.prog_name) p.insn_sources = sources_of(o, f, sites);
}

}  // namespace bpfsh::codegen
