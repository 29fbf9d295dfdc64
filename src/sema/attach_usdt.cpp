// usdt:BINARY:[PROVIDER:]NAME   every part may hold wildcards; PROVIDER left
// out matches any. BINARY '*' means every file the -p process maps, or
// without -p every file any running process maps: the probes are attached to
// those files, so they fire in every process that runs them, now or later.
// Each matching site (a probe may sit in several places) becomes one probe
// instance, with its argument specs decoded here and its semaphore, if any,
// handed to the kernel to count while the probe is attached.
#include <set>

#include "sema/attach_context.h"
#include "sema/usdt_args.h"

namespace bpfsh::sema {
namespace {

// Appends the instances of `path`'s matching sites; false after an error.
bool add_sites(AttachContext &c, const std::string &path, const std::string &provider, const std::string &name,
               size_t &matched) {
  auto layout = c.host().elf_layout(path);
  auto file_offset_of = [&](uint64_t vaddr) { return layout ? layout->file_offset_of(vaddr) : std::nullopt; };
  for (const host::UsdtSite &site : c.host().usdt_sites(path)) {
    if (!wildcard_match(provider, site.provider) || !wildcard_match(name, site.name)) continue;
    std::string display = "usdt:" + path + ":" + site.provider + ":" + site.name;
    auto off = file_offset_of(site.pc);
    if (!off) {
      c.error("usdt probe '" + display + "': its address is not in a loadable segment");
      return false;
    }
    std::optional<uint64_t> sem = 0;
    if (site.semaphore) sem = file_offset_of(site.semaphore);
    if (!sem) {
      c.error("usdt probe '" + display + "': its semaphore is not in a loadable segment");
      return false;
    }
    std::string why;
    auto args = parse_usdt_args(site.args, site.pc, why,
                                [&](const std::string &sym) { return c.host().symbol_address(path, sym); });
    if (!args) {
      c.error("usdt probe '" + display + "': " + why);
      return false;
    }
    auto pi = c.base(ProbeType::Usdt, display);
    pi.target = path;
    pi.func = site.name;
    pi.offset = *off;
    pi.ref_ctr_offset = *sem;
    pi.usdt_args = std::move(*args);
    c.info.probes.push_back(std::move(pi));
    matched++;
  }
  return true;
}

// No site matches: bpftrace's words (which name the probe without its
// provider), and the sites nearest to what was written.
void missing_site(AttachContext &c, const std::vector<std::string> &paths, const std::string &target,
                  const std::vector<std::string> &parts) {
  bool with_provider = parts.size() == 4 && !parts[2].empty();
  std::set<std::string> known;
  for (const auto &p : paths)
    for (const host::UsdtSite &site : c.host().usdt_sites(p))
      known.insert(with_provider ? site.provider + ":" + site.name : site.name);
  std::string written = with_provider ? parts[2] + ":" + parts.back() : parts.back();
  std::string where = paths.size() == 1 ? paths[0] : target;
  c.no_matches("usdt " + where + ":" + parts.back(),
               did_you_mean(written, {known.begin(), known.end()}) + "list them with: bpfsh -l 'usdt:" + where + ":*'");
}

}  // namespace

void resolve_usdt(AttachContext &c, const std::vector<std::string> &parts) {
  if (parts.size() < 3 || parts.size() > 4 || parts.back().empty()) {
    c.error("usdt probe must be of the form usdt:/path/to/binary:[provider:]name");
    return;
  }
  const std::string &target = parts[1];
  std::string provider = parts.size() == 4 && !parts[2].empty() ? parts[2] : "*";
  const std::string &name = parts.back();
  std::vector<std::string> paths;
  if (target.empty() && c.info.pid <= 0) {
    c.error("usdt probe must specify at least path or pid to probe. To target all paths/pids set the "
            "path to '*'.");
    return;
  }
  if (target.empty() || target == "*") {
    paths = c.host().mapped_files(c.info.pid > 0 ? c.info.pid : 0);
  } else {
    auto path = c.host().resolve_binary(target, c.info.pid);
    if (!path) {
      c.missing("usdt target file '" + target + "' does not exist or is not executable");
      return;
    }
    paths.push_back(*path);
  }
  size_t matched = 0;
  for (const auto &p : paths)
    if (!add_sites(c, p, provider, name, matched)) return;
  if (matched == 0) missing_site(c, paths, target, parts);
}

}  // namespace bpfsh::sema
