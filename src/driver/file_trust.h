#pragma once
// Whether a file the script pulls in (an import, a header) may have been
// written by anyone: such a file is skipped, since its code would run as
// the script's, with root's rights.
#include <filesystem>
#include <string>

namespace bpfsh::driver {

// The file or the folder holding it is writable by others.
bool others_may_write(const std::filesystem::path &p);
// The warning for such a file, worded as upstream's for imports.
std::string skipped_as_untrusted(const std::filesystem::path &p);

}  // namespace bpfsh::driver
