#include "sema/net_addr.h"

#include <gtest/gtest.h>

#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes bytes_of(const std::string &text) {
  auto r = sema::parse_ip_address(text);
  EXPECT_TRUE(std::holds_alternative<Bytes>(r)) << text << ": " << std::get<std::string>(r);
  return std::holds_alternative<Bytes>(r) ? std::get<Bytes>(r) : Bytes{};
}

std::string error_of(const std::string &text) {
  auto r = sema::parse_ip_address(text);
  return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : "(parsed)";
}

TEST(Pton, Ipv4InNetworkOrder) {
  EXPECT_EQ(bytes_of("127.0.0.1"), (Bytes{127, 0, 0, 1}));
  EXPECT_EQ(bytes_of("192.168.1.254"), (Bytes{192, 168, 1, 254}));
  EXPECT_EQ(bytes_of("0.0.0.0"), (Bytes{0, 0, 0, 0}));
}

TEST(Pton, Ipv6) {
  Bytes loopback(16, 0);
  loopback[15] = 1;
  EXPECT_EQ(bytes_of("::1"), loopback);
  Bytes doc = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x34};
  EXPECT_EQ(bytes_of("2001:db8::1234"), doc);
}

TEST(Pton, MappedIpv4IsIpv6) {
  Bytes mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1};
  EXPECT_EQ(bytes_of("::ffff:10.0.0.1"), mapped);
}

TEST(Pton, Malformed) {
  EXPECT_EQ(error_of("localhost"), "expects a string argument of an IPv4/IPv6 address, got localhost");
  EXPECT_EQ(error_of("1.2.3.256"), "expects a valid IPv4/IPv6 address, got 1.2.3.256");
  EXPECT_EQ(error_of("1.2.3"), "expects a valid IPv4/IPv6 address, got 1.2.3");
  EXPECT_EQ(error_of("1::2::3"), "expects a valid IPv4/IPv6 address, got 1::2::3");
  EXPECT_EQ(error_of(std::string("1.2.3.4\0x", 9)), std::string("expects a valid IPv4/IPv6 address, got 1.2.3.4\0x", 48));
}

TEST(Pton, TypedAsByteArrays) {
  auto a = test::analyse("BEGIN { $a = pton(\"10.1.2.3\"); $b = pton(\"fe80::1\"); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  auto b = test::analyse("BEGIN { $s = \"1.2.3.4\"; $a = pton($s); }");
  EXPECT_FALSE(b.ok);
  EXPECT_EQ(b.first_error(), "pton() expects a string literal, got string");
}

TEST(Pton, ArrayComparisonNeedsSameSize) {
  auto a = test::analyse("BEGIN { if (pton(\"1.2.3.4\") == pton(\"::1\")) { } }");
  EXPECT_FALSE(a.ok);
  EXPECT_EQ(a.first_error(), "Only arrays of same size support comparison operators.");
  auto b = test::analyse("BEGIN { if (pton(\"1.2.3.4\") < pton(\"1.2.3.5\")) { } }");
  EXPECT_FALSE(b.ok);
  EXPECT_EQ(b.first_error(), "The < operator cannot be used on arrays.");
}

}  // namespace
}  // namespace bpfsh
