#include "runtime/script_help.h"

#include <algorithm>

namespace bpfsh::runtime {
namespace {

std::string synopsis(const artifact::OptionSpec &o) {
  using Kind = artifact::OptionSpec::Kind;
  switch (o.kind) {
    case Kind::Flag: return "--" + o.name + "[=BOOL]";
    case Kind::Int: return "--" + o.name + "=INT";
    case Kind::Str: return "--" + o.name + "=STRING";
  }
  return "--" + o.name;
}

}  // namespace

bool wants_script_help(const artifact::Artifact &a, bool help_given) {
  return help_given && std::none_of(a.options.begin(), a.options.end(),
                                    [](const artifact::OptionSpec &o) { return o.name == "help"; });
}

void print_script_help(const artifact::Artifact &a, std::ostream &out) {
  if (a.options.empty()) {
    out << a.source_name << " takes no named options\n";
    return;
  }
  size_t width = 0;
  for (const auto &o : a.options) width = std::max(width, synopsis(o).size());
  out << "OPTIONS of " << a.source_name << " (after --):\n";
  for (const auto &o : a.options) {
    std::string s = synopsis(o);
    out << "    " << s << std::string(width - s.size() + 2, ' ');
    if (!o.description.empty()) out << o.description << " ";
    std::string shown = o.kind == artifact::OptionSpec::Kind::Str ? "\"" + o.default_text + "\"" : o.default_text;
    out << "(default: " << shown << ")\n";
  }
}

}  // namespace bpfsh::runtime
