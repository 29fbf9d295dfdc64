#pragma once
// The part of the C preprocessor bpftrace scripts use: #include lines,
// object-like #define/#undef expanded in the script's text, and conditional
// blocks (#if/#ifdef/#ifndef/#elif/#else/#endif) with BPFTRACE_HAVE_BTF
// defined, as upstream does when the kernel has BTF. Lines keep their
// numbers: directives and skipped lines become empty lines.
//
// The kernel's types come from BTF, so a header HeaderSource does not find
// (<linux/sched.h>) adds nothing. One it finds (the user's own, beside the
// script or in -I) is read as C: its macros join the script's, and its
// other lines, preprocessed line for line, come back as an Included for the
// parser to read the C definitions of.
#include <optional>
#include <string>
#include <vector>

#include "common/diag.h"

namespace bpfsh::parser {

// Where #include's headers are (the driver reads files; tests give text).
class HeaderSource {
 public:
  virtual ~HeaderSource() = default;
  // Header `name`, as #include "name" (quoted) or <name> finds it; null
  // when it is not there. The file outlives the parse. `refused` gets a
  // warning for each file found but not read (one others may write).
  virtual const SourceFile *find(const std::string &name, bool quoted, std::vector<std::string> &refused) = 0;
  // --include FILE: headers read before the script's first line.
  virtual std::vector<std::string> forced() const { return {}; }
};

// A header's text once preprocessed, with its directives blanked.
struct Included {
  const SourceFile *file = nullptr;
  std::string text;
};

// Without `headers` every #include adds nothing.
std::string preprocess(const std::string &text, Diagnostics &diags, HeaderSource *headers = nullptr,
                       std::vector<Included> *included = nullptr);

}  // namespace bpfsh::parser
