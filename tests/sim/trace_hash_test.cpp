// The trace hash tells runs apart: any change in content or order changes it.
#include "sim/trace_hash.hpp"

#include <gtest/gtest.h>

#include "sim/addressing.hpp"

namespace rumor::sim {
namespace {

TEST(TraceHash, SameInputsGiveTheSameHash) {
  TraceHash a, b;
  const Bytes data = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  a.add(42);
  a.add_bytes(data);
  b.add(42);
  b.add_bytes(data);
  EXPECT_EQ(a.value(), b.value());
}

TEST(TraceHash, OrderMatters) {
  TraceHash a, b;
  a.add(1);
  a.add(2);
  b.add(2);
  b.add(1);
  EXPECT_NE(a.value(), b.value());
}

TEST(TraceHash, SplittingBytesDifferentlyChangesTheHash) {
  TraceHash a, b;
  const Bytes ab = {'a', 'b'}, x = {'a'}, y = {'b'};
  a.add_bytes(ab);
  a.add_bytes(Bytes{});
  b.add_bytes(x);
  b.add_bytes(y);
  EXPECT_NE(a.value(), b.value());
}

TEST(TraceHash, OneFlippedBitChangesTheHash) {
  Bytes data(100, 0x55);
  TraceHash a;
  a.add_bytes(data);
  data[63] ^= 0x10;
  TraceHash b;
  b.add_bytes(data);
  EXPECT_NE(a.value(), b.value());
}

TEST(TraceHash, HexIsSixteenDigits) {
  EXPECT_EQ(to_hex(0xabc), "0000000000000abc");
}

TEST(Addressing, NodeIndexRoundTripsThroughItsAddress) {
  for (NodeId id : {0u, 1u, 255u, 256u, 65535u, 65536u, 999999u}) {
    const Address a = node_address(id);
    EXPECT_EQ(a.ip.bytes[0], 10);
    EXPECT_EQ(a.port, kSimPort);
    EXPECT_EQ(node_of(a), id);
  }
}

TEST(Addressing, ForeignAddressesAreNotNodes) {
  Address a;
  a.ip = Ip::v4(192, 168, 0, 1);
  a.port = kSimPort;
  EXPECT_EQ(node_of(a), kNoNode);
  a = node_address(3);
  a.port = 1234;
  EXPECT_EQ(node_of(a), kNoNode);
}

}  // namespace
}  // namespace rumor::sim
