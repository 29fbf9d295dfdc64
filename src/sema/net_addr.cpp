#include "sema/net_addr.h"

#include <arpa/inet.h>
#include <sys/socket.h>

namespace bpfsh::sema {

std::variant<std::vector<uint8_t>, std::string> parse_ip_address(const std::string &text) {
  int family;
  if (text.find(':') != std::string::npos) family = AF_INET6;
  else if (text.find('.') != std::string::npos) family = AF_INET;
  else return "expects a string argument of an IPv4/IPv6 address, got " + text;
  std::vector<uint8_t> bytes(family == AF_INET6 ? 16 : 4);
  // A NUL inside the literal would end the text early: not an address.
  if (text.find('\0') != std::string::npos || inet_pton(family, text.c_str(), bytes.data()) != 1)
    return "expects a valid IPv4/IPv6 address, got " + text;
  return bytes;
}

}  // namespace bpfsh::sema
