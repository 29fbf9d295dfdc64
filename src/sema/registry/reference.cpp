// docs/functions.md from the registry: what a reader needs of each row.
#include "sema/registry/reference.h"

#include "sema/registry/registry.h"

namespace bpfsh::sema::registry {

namespace {

constexpr const char *kPreamble =
    "# Functions and builtins\n"
    "\n"
    "<!-- Generated from the builtin registry (src/sema/calls_*.cpp) by tests/tools/functions_md.cpp;\n"
    "     `cmake --build build --target functions-md` rewrites this file. Do not edit it by hand. -->\n"
    "\n"
    "Every function and builtin variable bpfsh knows, by family. A builtin variable\n"
    "called without arguments is the variable: `pid()` is `pid`. *Unsafe* ones need\n"
    "`--unsafe`; *only in* names the probe types one can be used in. Where bpfsh\n"
    "differs from bpftrace v0.26, and why: docs/language.md.\n";

// " *Only in:* uprobe, uretprobe." or " *Not in:* BEGIN, END."; empty when any probe will do.
std::string probe_note(const Row &r) {
  if (r.probes == kAnyProbe) return "";
  bool excluded = r.wording == ProbeWording::Excluded;
  std::string names;
  for (unsigned t = 0; t <= static_cast<unsigned>(ProbeType::SelfSignal); t++) {
    bool allowed = r.probes & (1u << t);
    if (allowed == excluded) continue;
    names += (names.empty() ? "" : ", ") + std::string(probe_type_name(static_cast<ProbeType>(t)));
  }
  return std::string(excluded ? " *Not in:* " : " *Only in:* ") + names + ".";
}

std::string entry(const Row &r) {
  std::string line = "- `" + std::string(r.signature) + "`";
  if (r.unsafe) line += " (*unsafe*)";
  return line + ": " + r.doc + probe_note(r) + "\n";
}

}  // namespace

std::string reference_markdown() {
  std::string out = kPreamble;
  for (unsigned f = 0; f < static_cast<unsigned>(Family::Count); f++) {
    const FamilyInfo &info = family_info(static_cast<Family>(f));
    out += std::string("\n## ") + info.title + "\n\n" + info.intro + "\n\n";
    for (const Row *r : rows())
      if (r->family == static_cast<Family>(f)) out += entry(*r);
  }
  return out;
}

}  // namespace bpfsh::sema::registry
