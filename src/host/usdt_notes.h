#pragma once
// USDT probes as <sys/sdt.h> records them: one SHT_NOTE entry per probe
// site in .note.stapsdt (owner "stapsdt", type 3), holding the site's
// address, the .stapsdt.base address it was linked against, the semaphore's
// address (0: none), then "provider\0name\0argument specs\0".
#include <cstdint>
#include <string>
#include <vector>

namespace bpfsh::host {

struct UsdtSite {
  std::string provider, name;
  uint64_t pc = 0;         // link-time address of the site, after prelink adjustment
  uint64_t semaphore = 0;  // link-time address of the semaphore, 0 when none
  std::string args;        // "-4@%edi 8@-16(%rbp) 4@$5"
};

// Every site in the ELF file, in note order; empty when it has none or is
// not an ELF file.
std::vector<UsdtSite> read_usdt_sites(const std::string &path);

}  // namespace bpfsh::host
