#include "runtime/messages.h"

#include <cerrno>
#include <cstring>

#include "common/diag.h"

namespace bpfsh::runtime {

namespace {

Diagnostic located(const artifact::SiteSpec &site, Severity sev, std::string msg) {
  Diagnostic d;
  d.severity = sev;
  d.range = SourceRange{{site.line, site.col}, {site.end_line, site.end_col}};
  d.message = std::move(msg);
  return d;
}

output::RuntimeMessage base(const artifact::SiteSpec &site, const SourceFile &src) {
  output::RuntimeMessage m;
  m.filename = src.name;
  m.line = site.line;
  m.col = site.col;
  return m;
}

// What bpftrace says for the failures a user can act on; strerror otherwise.
std::string helper_text(const std::string &helper, int64_t retcode) {
  if (helper == "map_update_elem" && retcode == -E2BIG)
    return "Map full; can't update element. Try increasing max_map_keys config or manually setting "
           "the max entries in a map declaration e.g. `let @a = hash(5000)`";
  if (helper == "map_delete_elem" && retcode == -ENOENT)
    return "Can't delete map element because it does not exist.";
  // A lookup reports no errno: bpfsh sends 0, as bpftrace does.
  if (helper == "map_lookup_elem") return "Can't lookup map element because it does not exist.";
  return std::strerror(int(-retcode));
}

// A warning the program's run found at `site`, in bpftrace's words `msg`.
output::RuntimeMessage run_warning(const artifact::SiteSpec &site, const SourceFile &src, std::string msg) {
  output::RuntimeMessage m = base(site, src);
  m.kind = output::RuntimeMessage::Kind::Warnf;
  m.msg = std::move(msg);
  m.text = render_diagnostic(located(site, Severity::Warning, m.msg), src);
  return m;
}

}  // namespace

output::RuntimeMessage format_message(const artifact::SiteSpec &site, bool error, std::string msg,
                                      const SourceFile &src) {
  output::RuntimeMessage m = base(site, src);
  m.kind = error ? output::RuntimeMessage::Kind::Errorf : output::RuntimeMessage::Kind::Warnf;
  std::string text = render_diagnostic(located(site, error ? Severity::Error : Severity::Warning, msg), src);
  m.text = text.substr(0, text.find('\n') + 1);
  m.msg = std::move(msg);
  return m;
}

output::RuntimeMessage helper_message(const artifact::SiteSpec &site, int64_t retcode, const SourceFile &src) {
  output::RuntimeMessage m = base(site, src);
  m.kind = output::RuntimeMessage::Kind::HelperError;
  m.helper = site.helper;
  m.retcode = retcode;
  m.msg = site.helper == "map_lookup_elem" ? helper_text(site.helper, retcode) : std::strerror(int(-retcode));
  std::string first = helper_text(site.helper, retcode) + "\nAdditional Info - helper: " + site.helper +
                      ", retcode: " + std::to_string(retcode);
  m.text = render_diagnostic(located(site, Severity::Warning, first), src);
  return m;
}

output::RuntimeMessage divide_by_zero_message(const artifact::SiteSpec &site, const SourceFile &src) {
  return run_warning(site, src,
                     "Divide or modulo by 0 detected. This can lead to unexpected results. 1 is being used as the result.");
}

output::RuntimeMessage out_of_bounds_message(const artifact::SiteSpec &site, const SourceFile &src) {
  return run_warning(site, src, "Array access out of bounds. This can lead to unexpected results.");
}

}  // namespace bpfsh::runtime
