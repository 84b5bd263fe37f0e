// A member as this node sees it.
#pragma once

#include <cstdint>
#include <string>

#include "codec/bytes.hpp"
#include "codec/ip.hpp"
#include "codec/messages.hpp"
#include "core/time.hpp"
#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::core {

enum class MemberState : std::uint8_t { alive = 0, suspect = 1, dead = 2, left = 3 };
const char* to_string(MemberState s) noexcept;

struct Member {
  std::string name;
  Address address;
  Bytes meta;
  std::uint32_t incarnation = 0;
  MemberState state = MemberState::dead;
  Time state_change{0};
  codec::Vsn vsn;  // [PMin, PMax, PCur, DMin, DMax, DCur]

  bool dead_or_left() const noexcept {
    return state == MemberState::dead || state == MemberState::left;
  }
  std::uint8_t protocol_max() const noexcept { return vsn.size() > 1 ? vsn[1] : 0; }
};

}  // namespace rumor::core
RUMOR_PUBLIC_END
