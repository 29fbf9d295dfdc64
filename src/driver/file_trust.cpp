#include "driver/file_trust.h"

#include <sstream>

namespace bpfsh::driver {
namespace fs = std::filesystem;

bool others_may_write(const fs::path &p) {
  std::error_code ec;
  auto writable = [&](const fs::path &x) {
    auto perms = fs::status(x, ec).permissions();
    return !ec && (perms & fs::perms::others_write) != fs::perms::none;
  };
  return writable(p) || writable(p.parent_path().empty() ? fs::path(".") : p.parent_path());
}

std::string skipped_as_untrusted(const fs::path &p) {
  std::ostringstream out;
  out << "skipping due to global write permissions: " << p;  // quoted, as upstream streams paths
  return out.str();
}

}  // namespace bpfsh::driver
