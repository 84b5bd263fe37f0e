// msgpack as Serf's agent RPC writes it. The RPC codec (go-msgpack with WriteExt) uses
// msgpack's newer spec: strings as str8/str16/str32 and byte slices as bin, unlike the
// gossip codec's "raw". Everything else is written as codec::msgpack::Writer does.
#pragma once

#include <cstdint>
#include <string_view>

#include "codec/bytes.hpp"
#include "codec/msgpack.hpp"

namespace rumor::agent {

class RpcWriter {
 public:
  explicit RpcWriter(Bytes& out) : out_(out), w_(out) {}
  void nil() { w_.write_nil(); }
  void boolean(bool v) { w_.write_bool(v); }
  void uint(std::uint64_t v) { w_.write_uint(v); }
  void sint(std::int64_t v) { w_.write_int(v); }
  void f64(double v) { w_.write_float(v); }
  void map(std::uint32_t n) { w_.write_map_header(n); }
  void array(std::uint32_t n) { w_.write_array_header(n); }
  void str(std::string_view s);  // fixstr / d9 / da / db
  void bin(ByteView b);          // c4 / c5 / c6; nil when empty, as Go writes a nil slice
  void key(std::string_view k) { str(k); }
  // The buffer, for bytes written by other means.
  Bytes& out() noexcept { return out_; }

 private:
  void be(std::uint64_t v, int bytes);
  Bytes& out_;
  codec::msgpack::Writer w_;
};

}  // namespace rumor::agent
