#include "sema/map_decls.h"

#include <set>

namespace bpfsh::sema {
namespace {

const std::set<std::string> &kinds() {
  static const std::set<std::string> k = {"hash", "lruhash", "percpuhash", "percpulruhash"};
  return k;
}

bool is_percpu(const std::string &kind) { return kind.rfind("percpu", 0) == 0; }

// A declared map nothing stores into has no type: it is left out of the program.
void drop_unused(ProgramInfo &info, Diagnostics &diags) {
  std::vector<MapInfo> kept;
  for (auto &mi : info.maps) {
    if (!mi.declared_kind.empty() && mi.value.is_none() && mi.key.is_none()) {
      diags.warning(mi.first_use, "Unused map: " + mi.name);
      continue;
    }
    kept.push_back(std::move(mi));
  }
  info.maps = std::move(kept);
  info.map_index.clear();
  for (size_t i = 0; i < info.maps.size(); i++) info.map_index[info.maps[i].name] = i;
}

}  // namespace

void declare_maps(const ast::Program &program, ProgramInfo &info, Diagnostics &diags) {
  for (const auto *d : program.map_decls) {
    if (!kinds().count(d->kind)) {
      auto &e = diags.error(d->range, "Invalid map declaration type: " + d->kind);
      e.hints.push_back("declare a map with hash, lruhash, percpuhash or percpulruhash");
      continue;
    }
    if (d->max_entries == 0 || d->max_entries > UINT32_MAX) {
      diags.error(d->range, "the number of entries of " + d->name + " must be between 1 and " +
                                std::to_string(UINT32_MAX));
      continue;
    }
    if (info.map_index.count(d->name)) {
      diags.error(d->range, "map " + d->name + " is declared twice");
      continue;
    }
    MapInfo mi;
    mi.name = d->name;
    mi.first_use = d->range;
    mi.declared_kind = d->kind;
    mi.declared_entries = static_cast<uint32_t>(d->max_entries);
    info.map_index[d->name] = info.maps.size();
    info.maps.push_back(mi);
  }
}

void check_map_decls(ProgramInfo &info, Diagnostics &diags) {
  drop_unused(info, diags);
  for (auto &mi : info.maps) {
    if (mi.declared_kind.empty()) continue;
    bool agg = mi.value.is_agg();
    if (agg == is_percpu(mi.declared_kind)) continue;
    std::string want = agg ? "percpu" + mi.declared_kind : mi.declared_kind.substr(6);
    auto &e = diags.error(mi.first_use, "Incompatible map types. Type from declaration: " + mi.declared_kind +
                                            ". Type from value/key type: " + (agg ? "percpu" : "") +
                                            (mi.declared_kind.find("lru") != std::string::npos ? "lruhash" : "hash"));
    e.hints.push_back(agg ? "aggregations (count, sum, hist, ...) live in per-CPU maps: declare " + mi.name +
                                " with " + want
                          : "a plain value lives in a shared map: declare " + mi.name + " with " + want);
  }
}

}  // namespace bpfsh::sema
