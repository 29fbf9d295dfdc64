// docs/functions.md as the registry writes it: every row, by family, with
// its probe limits and marks.
#include <gtest/gtest.h>

#include "sema/registry/reference.h"
#include "sema/registry/registry.h"

namespace bpfsh {
namespace {

namespace reg = sema::registry;

TEST(Reference, HasEveryRowByFamily) {
  std::string md = reg::reference_markdown();
  for (unsigned f = 0; f < static_cast<unsigned>(reg::Family::Count); f++)
    EXPECT_NE(md.find(std::string("\n## ") + reg::family_info(static_cast<reg::Family>(f)).title + "\n"),
              std::string::npos);
  for (const reg::Row *r : reg::rows())
    EXPECT_NE(md.find("- `" + std::string(r->signature) + "`"), std::string::npos) << r->name;
  EXPECT_NE(md.find("- `uaddr(\"name\")`: The address of a symbol of the probed binary, looked up at compile "
                    "time. *Only in:* uprobe, uretprobe.\n"),
            std::string::npos);
  EXPECT_NE(md.find("- `system(fmt, args...)` (*unsafe*): "), std::string::npos);
  EXPECT_NE(md.find(" *Not in:* BEGIN, END.\n"), std::string::npos);
  // Strings come before the machine, as Family lists them.
  EXPECT_LT(md.find("\n## Strings\n"), md.find("\n## The machine\n"));
}

}  // namespace
}  // namespace bpfsh
