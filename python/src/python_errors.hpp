// How the module reports errors, the C++ API's way mapped onto Python's (docs/api.md has
// the table): a bad argument is ValueError (std::invalid_argument, or a run's parameter
// check) or TypeError (a keyword of the wrong type); a refusal Serf answered is
// rumor.SerfError; a loop that does not answer is rumor.CallError; an OS refusal such
// as a port in use is OSError. The message is the C++ one, unchanged.
#pragma once

#include <pybind11/pybind11.h>

#include <stdexcept>

#include "serf/errors.hpp"

namespace rumor::python {

// Thrown for a serf::SerfError result; Python sees rumor.SerfError(to_string(error)).
class SerfFailure : public std::runtime_error {
 public:
  explicit SerfFailure(serf::SerfError e) : std::runtime_error(serf::to_string(e)) {}
};

// Registers rumor.SerfError, rumor.CallError and the std::system_error translation.
void register_errors(pybind11::module_& m);

// The value of an Outcome, or SerfFailure.
template <class T>
T value_or_raise(serf::Outcome<T> r) {
  if (!r) throw SerfFailure(r.error());
  return std::move(r.value());
}

}  // namespace rumor::python
