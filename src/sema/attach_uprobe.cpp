// uprobe and uretprobe attach points:
//   uprobe:BINARY:FUNC          FUNC may hold wildcards (uprobe:/bin/x:func_*)
//   uprobe:BINARY:FUNC+OFFSET   an offset into the function
//   uprobe:BINARY:ADDRESS       a link-time address (0x...) in the binary
//   uprobe:BINARY@FILE:LINE[:COL]  where a line of its source starts (DWARF)
// BINARY is a path, a program on PATH or a library by name (libc).
#include <algorithm>
#include <cstdlib>

#include "sema/attach_context.h"

namespace bpfsh::sema {
namespace {

bool parse_number(const std::string &s, uint64_t &out) {
  if (s.empty() || !isdigit(static_cast<unsigned char>(s[0]))) return false;
  char *end = nullptr;
  errno = 0;
  out = std::strtoull(s.c_str(), &end, 0);
  return errno == 0 && end && *end == '\0';
}

// bpftrace's hint where an unchecked place needs --unsafe.
constexpr const char *kUnsafeHint =
    "Use --unsafe to force attachment. WARNING: This option could lead to data corruption in the target process.";

// The function whose extent holds link-time address `addr`.
const host::FunctionSpan *function_at(const std::vector<host::FunctionSpan> &spans, uint64_t addr) {
  for (const auto &f : spans)
    if (addr >= f.address && addr < f.address + f.size) return &f;
  return nullptr;
}

// An offset `off` into function `f` (whose size is unknown when `f` is
// null). One past its end is refused. Any other non-zero one must start an
// instruction, as the host's disassembly of the function says: the kernel
// writes its breakpoint there, and inside an instruction it corrupts the
// traced program. --unsafe lets through one that is not, or not known to be.
bool offset_allowed(AttachContext &c, const std::string &kind, const std::string &where,
                    const host::FunctionSpan *f, const std::string &fn, uint64_t off) {
  if (off == 0) return true;
  uint64_t size = f ? f->size : UINT64_MAX;
  if (off >= size) {
    c.error("Offset outside the function bounds ('" + fn + "' size is " + std::to_string(size) + ")");
    return false;
  }
  std::string place = where + ":" + fn + "+" + std::to_string(off);
  if (!f) {
    if (c.info.unsafe) c.diags.warning(c.ap->range, "Unchecked " + kind + ": " + place);
    else c.error("Can't check if " + kind + " is in proper place (compiled without (k|u)probe offset support): " +
                     place, kUnsafeHint);
    return c.info.unsafe;
  }
  auto starts = c.host().instruction_starts(where, *f);
  if (starts && std::binary_search(starts->begin(), starts->end(), off)) return true;
  if (c.info.unsafe) {
    c.diags.warning(c.ap->range, starts ? "Unsafe " + kind + " in the middle of the instruction: " + place
                                        : "Unchecked " + kind + ": " + place);
    return true;
  }
  c.error(starts ? "Could not add " + kind + " into middle of instruction: " + place
                 : "Failed to check if " + kind + " is in proper place: " + place,
          kUnsafeHint);
  return false;
}

// A raw address must be a checked place in a known function; in a stripped
// binary there is none to check against.
bool address_allowed(AttachContext &c, const std::string &path, uint64_t address, const std::string &written) {
  auto spans = c.host().function_spans(path);
  if (const host::FunctionSpan *f = function_at(spans, address))
    return offset_allowed(c, "uprobe", path, f, f->name, address - f->address);
  if (!c.info.unsafe) {
    c.error("Could not resolve address: " + path + ":" + written, kUnsafeHint);
    return false;
  }
  c.diags.warning(c.ap->range, "Could not determine instruction boundary for uprobe:" + path + ":" + written +
                                   " (binary appears stripped). Misaligned probes can lead to tracee crashes!");
  return true;
}

// uprobe:BINARY:ADDRESS: the probe sits at the address's file offset.
void add_address_probe(AttachContext &c, ProbeType type, const std::string &path, const std::string &name,
                       uint64_t address, const std::string &written) {
  if (!address_allowed(c, path, address, written)) return;
  auto layout = c.host().elf_layout(path);
  auto off = layout ? layout->file_offset_of(address) : std::nullopt;
  if (!off) {
    c.error("address " + written + " is not in a loadable segment of '" + path + "'");
    return;
  }
  auto pi = c.base(type, name);
  pi.target = path;
  pi.offset = *off;
  pi.linked_address = pi.offset;
  c.info.probes.push_back(std::move(pi));
}

// A flat binary (no ELF headers: firmware, a JIT's dump, code a program
// maps itself) has no symbols nor segments: the address is the file offset
// the kernel probes. Nothing says it starts an instruction, and a probe in
// the middle of one corrupts the traced process, so it needs --unsafe.
void add_flat_probe(AttachContext &c, ProbeType type, const std::string &path, const std::string &name,
                    uint64_t offset) {
  if (!c.info.unsafe) {
    c.error("'" + path + "' is not an ELF file: bpfsh can not check that offset " + std::to_string(offset) +
                " starts an instruction",
            "a probe inside an instruction corrupts the traced process; use --unsafe if it does start one");
    return;
  }
  auto pi = c.base(type, name);
  pi.target = path;
  pi.offset = offset;
  pi.linked_address = offset;
  c.info.probes.push_back(std::move(pi));
}

// The functions FUNC names, each with its link-time address when the binary
// has one; empty (with an error) when a wildcard matches nothing.
using FuncAddresses = std::vector<std::pair<std::string, std::optional<uint64_t>>>;
FuncAddresses matching_functions(AttachContext &c, const std::string &kind, const std::string &path,
                                 const std::string &fn) {
  FuncAddresses funcs;
  if (!has_wildcard(fn)) {
    // Refused here, not by the kernel's ENOENT at attach: a stripped binary
    // names only its exported functions.
    auto at = c.host().symbol_address(path, fn);
    if (at) {
      funcs.emplace_back(fn, at);
      return funcs;
    }
    std::vector<std::string> names;
    for (const auto &[sym, addr] : c.host().function_symbols(path)) names.push_back(sym);
    c.no_matches(kind + " " + path + ":" + fn,
                 did_you_mean(fn, names) + "list them with: bpfsh -l '" + kind + ":" + path + ":*'");
    return funcs;
  }
  for (const auto &[sym, at] : c.host().function_symbols(path))
    if (wildcard_match(fn, sym)) funcs.emplace_back(sym, at);
  if (funcs.empty())
    c.error("no function in '" + path + "' matches '" + fn + "'",
            "list them with: bpfsh -l '" + kind + ":" + path + ":*'");
  return funcs;
}

// The binary a uprobe's functions are in, read once for all of them.
struct Binary {
  std::string path;
  std::optional<host::ElfLayout> layout;
  std::vector<host::FunctionSpan> spans;  // only when an offset is checked
};

// One instance at `off` bytes into function `f` (at link-time address
// `at`), shown as `shown`.
void add_function_probe(AttachContext &c, ProbeType type, const std::string &kind, const Binary &bin,
                        const std::string &f, std::optional<uint64_t> at, uint64_t off, const std::string &shown) {
  auto span = std::find_if(bin.spans.begin(), bin.spans.end(), [&](const auto &s) { return s.name == f; });
  // No extent known (no symbol size): only --unsafe.
  if (!offset_allowed(c, kind, bin.path, span != bin.spans.end() ? &*span : nullptr, f, off)) return;
  // The probe sits at a file offset, found here: libbpf, asked for the
  // function by name, finds each of a versioned one's versions
  // (pthread_create@@GLIBC_2.34, pthread_create@GLIBC_2.2.5) and refuses
  // them all as ambiguous.
  auto file_offset = at && bin.layout ? bin.layout->file_offset_of(*at + off) : std::nullopt;
  if (!file_offset) {
    c.error("function '" + f + "' is not in a loadable segment of '" + bin.path + "'");
    return;
  }
  auto pi = c.base(type, kind + ":" + bin.path + ":" + shown);
  pi.target = bin.path;
  pi.func = f;
  pi.offset = *file_offset;
  pi.linked_address = *at + off;
  pi.at_function_entry = off == 0 && type == ProbeType::Uprobe;
  c.info.probes.push_back(std::move(pi));
}

// BINARY with wildcards (`uprobe:./bin*:f`, or `uprobe:*:f` with -p, every
// file the process maps): each file that has FUNC. A file without it is no
// error; none with it is "No matches".
void add_in_matching_files(AttachContext &c, bool ret, const std::vector<std::string> &parts) {
  const std::string kind = ret ? "uretprobe" : "uprobe";
  const ProbeType type = ret ? ProbeType::Uretprobe : ProbeType::Uprobe;
  const std::string &fn = parts[2];
  uint64_t unused = 0;
  if (parse_number(fn, unused) || fn.find('+') != std::string::npos) {
    c.error(kind + " with a wildcard in its binary takes a function name, not an address or offset: " + fn);
    return;
  }
  std::vector<std::pair<Binary, FuncAddresses>> found;
  size_t count = 0;
  for (const auto &path : c.host().matching_binaries(parts[1], c.info.pid)) {
    auto layout = c.host().elf_layout(path);
    if (!layout) continue;
    FuncAddresses funcs;
    for (const auto &[sym, at] : c.host().function_symbols(path))
      if (has_wildcard(fn) ? wildcard_match(fn, sym) : sym == fn) funcs.emplace_back(sym, at);
    if (funcs.empty()) continue;
    count += funcs.size();
    found.push_back({Binary{path, layout, {}}, std::move(funcs)});
  }
  if (found.empty()) {
    c.no_matches(kind + " " + parts[1] + ":" + fn, "list them with: bpfsh -l '" + kind + ":" + parts[1] + ":*'");
    return;
  }
  if (!c.room_for(count)) return;
  for (const auto &[bin, funcs] : found)
    for (const auto &[f, at] : funcs) add_function_probe(c, type, kind, bin, f, at, 0, f);
}

}  // namespace

void resolve_uprobe(AttachContext &c, bool ret, const std::vector<std::string> &parts) {
  const std::string kind = ret ? "uretprobe" : "uprobe";
  const ProbeType type = ret ? ProbeType::Uretprobe : ProbeType::Uprobe;
  if (parts.size() >= 2 && parts[1].find('@') != std::string::npos) return resolve_source_line(c, ret, parts);
  if (parts.size() != 3 || parts[1].empty() || parts[2].empty()) {
    c.error(kind + " probe must be of the form " + kind + ":/path/to/binary:function");
    return;
  }
  if (has_wildcard(parts[1])) {
    add_in_matching_files(c, ret, parts);
    return;
  }
  auto path = c.host().resolve_binary(parts[1], c.info.pid);
  if (!path) {
    c.missing("uprobe target file '" + parts[1] + "' does not exist or is not readable");
    return;
  }
  const std::string prefix = kind + ":" + *path + ":";
  uint64_t address = 0;
  // Caught here, with its place in the script, rather than as the kernel's
  // "BPF object format invalid" when attaching.
  if (!c.host().elf_layout(*path)) {
    if (parse_number(parts[2], address)) return add_flat_probe(c, type, *path, prefix + parts[2], address);
    c.error(kind + " target '" + *path + "' is not a 64-bit ELF executable or library");
    return;
  }
  if (parse_number(parts[2], address)) {
    add_address_probe(c, type, *path, prefix + parts[2], address, parts[2]);
    return;
  }
  std::string fn = parts[2];
  uint64_t off = 0;
  if (auto plus = fn.find('+'); plus != std::string::npos) {
    if (!parse_number(fn.substr(plus + 1), off)) {
      c.error("invalid offset in '" + fn + "'", "write FUNCTION+OFFSET with a decimal or 0x offset");
      return;
    }
    if (ret) {
      c.error("uretprobe can not take an offset: " + fn);
      return;
    }
    fn = fn.substr(0, plus);
  }
  auto funcs = matching_functions(c, kind, *path, fn);
  if (!c.room_for(funcs.size())) return;
  Binary bin{*path, c.host().elf_layout(*path), off ? c.host().function_spans(*path) : std::vector<host::FunctionSpan>{}};
  for (const auto &[f, at] : funcs) add_function_probe(c, type, kind, bin, f, at, off, f == fn ? parts[2] : f);
}

}  // namespace bpfsh::sema
