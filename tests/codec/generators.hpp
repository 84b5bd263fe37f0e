// rapidcheck generators for the codec's message structs.
#pragma once

#include <rapidcheck.h>

#include <algorithm>

#include "codec/messages.hpp"

namespace rumor::codec::test {

inline rc::Gen<Ip> ip_of_len(std::uint8_t len) {
  return rc::gen::map(
      rc::gen::container<std::vector<std::uint8_t>>(len, rc::gen::arbitrary<std::uint8_t>()),
      [len](const std::vector<std::uint8_t>& b) {
        Ip ip;
        std::copy(b.begin(), b.end(), ip.bytes.begin());
        ip.len = len;
        return ip;
      });
}

// Bytes that are sometimes long enough for the raw16 form.
inline rc::Gen<Bytes> some_bytes() {
  return rc::gen::oneOf(rc::gen::arbitrary<Bytes>(),
                        rc::gen::resize(400, rc::gen::arbitrary<Bytes>()));
}

}  // namespace rumor::codec::test

namespace rc {

template <>
struct Arbitrary<rumor::Ip> {
  static Gen<rumor::Ip> arbitrary() {
    using rumor::codec::test::ip_of_len;
    return gen::oneOf(gen::just(rumor::Ip{}), ip_of_len(4), ip_of_len(16));
  }
};

template <>
struct Arbitrary<rumor::codec::WireState> {
  static Gen<rumor::codec::WireState> arbitrary() {
    using rumor::codec::WireState;
    return gen::element(WireState::alive, WireState::suspect, WireState::dead, WireState::left);
  }
};

template <>
struct Arbitrary<rumor::codec::Ping> {
  static Gen<rumor::codec::Ping> arbitrary() {
    using rumor::codec::Ping;
    return gen::build<Ping>(gen::set(&Ping::seq_no), gen::set(&Ping::node),
                            gen::set(&Ping::source_addr), gen::set(&Ping::source_node),
                            gen::set(&Ping::source_port));
  }
};

template <>
struct Arbitrary<rumor::codec::IndirectPing> {
  static Gen<rumor::codec::IndirectPing> arbitrary() {
    using rumor::codec::IndirectPing;
    return gen::build<IndirectPing>(
        gen::set(&IndirectPing::seq_no), gen::set(&IndirectPing::target),
        gen::set(&IndirectPing::port), gen::set(&IndirectPing::node), gen::set(&IndirectPing::nack),
        gen::set(&IndirectPing::source_addr), gen::set(&IndirectPing::source_node),
        gen::set(&IndirectPing::source_port));
  }
};

template <>
struct Arbitrary<rumor::codec::Ack> {
  static Gen<rumor::codec::Ack> arbitrary() {
    using rumor::codec::Ack;
    return gen::build<Ack>(gen::set(&Ack::seq_no),
                           gen::set(&Ack::payload, rumor::codec::test::some_bytes()));
  }
};

template <>
struct Arbitrary<rumor::codec::Nack> {
  static Gen<rumor::codec::Nack> arbitrary() {
    using rumor::codec::Nack;
    return gen::build<Nack>(gen::set(&Nack::seq_no));
  }
};

template <>
struct Arbitrary<rumor::codec::ErrorResponse> {
  static Gen<rumor::codec::ErrorResponse> arbitrary() {
    using rumor::codec::ErrorResponse;
    return gen::build<ErrorResponse>(gen::set(&ErrorResponse::error));
  }
};

template <>
struct Arbitrary<rumor::codec::Suspect> {
  static Gen<rumor::codec::Suspect> arbitrary() {
    using rumor::codec::Suspect;
    return gen::build<Suspect>(gen::set(&Suspect::incarnation), gen::set(&Suspect::node),
                               gen::set(&Suspect::from));
  }
};

template <>
struct Arbitrary<rumor::codec::Dead> {
  static Gen<rumor::codec::Dead> arbitrary() {
    using rumor::codec::Dead;
    return gen::build<Dead>(gen::set(&Dead::incarnation), gen::set(&Dead::node),
                            gen::set(&Dead::from));
  }
};

template <>
struct Arbitrary<rumor::codec::Alive> {
  static Gen<rumor::codec::Alive> arbitrary() {
    using rumor::codec::Alive;
    return gen::build<Alive>(gen::set(&Alive::incarnation), gen::set(&Alive::node),
                             gen::set(&Alive::addr), gen::set(&Alive::port),
                             gen::set(&Alive::meta, rumor::codec::test::some_bytes()),
                             gen::set(&Alive::vsn));
  }
};

template <>
struct Arbitrary<rumor::codec::PushNodeState> {
  static Gen<rumor::codec::PushNodeState> arbitrary() {
    using rumor::codec::PushNodeState;
    return gen::build<PushNodeState>(gen::set(&PushNodeState::name), gen::set(&PushNodeState::addr),
                                     gen::set(&PushNodeState::port), gen::set(&PushNodeState::meta),
                                     gen::set(&PushNodeState::incarnation),
                                     gen::set(&PushNodeState::state),
                                     gen::set(&PushNodeState::vsn));
  }
};

template <>
struct Arbitrary<rumor::codec::PushPull> {
  static Gen<rumor::codec::PushPull> arbitrary() {
    using rumor::codec::PushPull;
    return gen::build<PushPull>(gen::set(&PushPull::join), gen::set(&PushPull::nodes),
                                gen::set(&PushPull::user_state));
  }
};

}  // namespace rc

namespace rumor::codec::test {

// Any one encoded packet message, of any type the encoders know.
inline rc::Gen<Bytes> any_encoded_message() {
  auto enc = [](auto gen) {
    return rc::gen::map(gen, [](const auto& m) {
      Bytes out;
      encode(m, out);
      return out;
    });
  };
  return rc::gen::oneOf(enc(rc::gen::arbitrary<Ping>()), enc(rc::gen::arbitrary<IndirectPing>()),
                        enc(rc::gen::arbitrary<Ack>()), enc(rc::gen::arbitrary<Nack>()),
                        enc(rc::gen::arbitrary<Suspect>()), enc(rc::gen::arbitrary<Dead>()),
                        enc(rc::gen::arbitrary<Alive>()),
                        rc::gen::map(rc::gen::arbitrary<Bytes>(), [](const Bytes& payload) {
                          Bytes out;
                          encode_user(payload, out);
                          return out;
                        }));
}

}  // namespace rumor::codec::test
