// The error a facade call throws when the event loop cannot answer: the runtime is
// stopped, or the loop did not run the call within its timeout.
#pragma once

#include <stdexcept>

#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::net {

class CallError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace rumor::net
RUMOR_PUBLIC_END
