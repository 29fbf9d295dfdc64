#pragma once
// The saved-script format of `.save`: the live probe blocks, in the order
// they were added, as one runnable .bt script. `.load` of such a file gives
// the same blocks back, so save -> load -> save is stable.
#include <string>
#include <vector>

#include "common/source.h"

namespace bpfsh::repl {

// The header line every saved script starts with.
extern const char *const kSavedScriptHeader;

// The text `r` covers in `src` (r is inclusive at both ends).
std::string slice(const SourceFile &src, SourceRange r);

// header, blank line, then each block (trailing blanks trimmed) followed by
// a blank line between blocks; ends with one newline.
std::string render_script(const std::vector<std::string> &blocks);

}  // namespace bpfsh::repl
