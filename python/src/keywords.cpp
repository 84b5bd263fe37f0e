#include "keywords.hpp"

#include <limits>

namespace py = pybind11;

namespace rumor::python {
namespace {

// The CLI's spelling of a keyword, for range messages: nodes -> --nodes, k -> -k.
std::string flag_of(const char* name) {
  std::string f(name);
  for (char& c : f)
    if (c == '_') c = '-';
  return (f.size() == 1 ? "-" : "--") + f;
}

bool is_bool(py::handle v) {
  return py::isinstance<py::bool_>(v);
}

}  // namespace

Keywords::Keywords(const py::kwargs& kwargs, std::string function)
    : kwargs_(kwargs), function_(std::move(function)) {}

py::handle Keywords::take(const char* name) {
  taken_.insert(name);
  if (!kwargs_.contains(name)) return py::handle();
  return kwargs_[name];
}

void Keywords::type_error(const char* name, const char* expected, py::handle got) const {
  throw py::type_error(function_ + "(): " + name + " must be " + expected + ", not " +
                       std::string(py::str(py::type::of(got).attr("__name__"))));
}

std::int64_t Keywords::whole(const char* name, py::handle v) const {
  if (is_bool(v) || !py::isinstance<py::int_>(v)) type_error(name, "an int", v);
  try {
    return v.cast<std::int64_t>();
  } catch (const py::cast_error&) {
    throw py::value_error(flag_of(name) + ": out of range");
  }
}

void Keywords::count(const char* name, std::size_t& out) {
  const py::handle v = take(name);
  if (!v) return;
  const std::int64_t n = whole(name, v);
  if (n < 0) throw py::value_error(flag_of(name) + ": must not be negative");
  out = static_cast<std::size_t>(n);
}

void Keywords::count(const char* name, std::uint32_t& out) {
  std::size_t n = out;
  count(name, n);
  if (n > std::numeric_limits<std::uint32_t>::max())
    throw py::value_error(flag_of(name) + ": out of range");
  out = static_cast<std::uint32_t>(n);
}

void Keywords::count(const char* name, std::optional<std::size_t>& out) {
  const py::handle v = take(name);
  if (!v || v.is_none()) return;
  std::size_t n = 0;
  count(name, n);
  out = n;
}

void Keywords::seed(const char* name, std::uint64_t& out) {
  const py::handle v = take(name);
  if (!v) return;
  if (is_bool(v) || !py::isinstance<py::int_>(v)) type_error(name, "an int", v);
  try {
    out = v.cast<std::uint64_t>();  // the whole range of a seed
  } catch (const py::cast_error&) {
    throw py::value_error(flag_of(name) + ": must be in [0, 2^64)");
  }
}

void Keywords::integer(const char* name, int& out) {
  const py::handle v = take(name);
  if (!v) return;
  const std::int64_t n = whole(name, v);
  if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max())
    throw py::value_error(flag_of(name) + ": out of range");
  out = static_cast<int>(n);
}

void Keywords::integer(const char* name, std::optional<int>& out) {
  const py::handle v = take(name);
  if (!v || v.is_none()) return;
  int n = 0;
  integer(name, n);
  out = n;
}

double Keywords::number(const char* name, py::handle v) const {
  if (is_bool(v) || !(py::isinstance<py::float_>(v) || py::isinstance<py::int_>(v)))
    type_error(name, "a number", v);
  return v.cast<double>();
}

void Keywords::real(const char* name, double& out) {
  if (const py::handle v = take(name)) out = number(name, v);
}

void Keywords::real(const char* name, std::optional<double>& out) {
  const py::handle v = take(name);
  if (v && !v.is_none()) out = number(name, v);
}

void Keywords::text(const char* name, std::string& out) {
  const py::handle v = take(name);
  if (!v) return;
  if (!py::isinstance<py::str>(v)) type_error(name, "a str", v);
  out = v.cast<std::string>();
}

void Keywords::flag(const char* name, bool& out) {
  const py::handle v = take(name);
  if (!v) return;
  if (!is_bool(v)) type_error(name, "a bool", v);
  out = v.cast<bool>();
}

void Keywords::on_off(const char* name, std::string& out) {
  const py::handle v = take(name);
  if (!v) return;
  if (is_bool(v)) {
    out = v.cast<bool>() ? "on" : "off";
  } else if (py::isinstance<py::str>(v)) {
    out = v.cast<std::string>();
  } else {
    type_error(name, "a bool or 'on'/'off'", v);
  }
}

void Keywords::finish() const {
  for (const auto& item : kwargs_) {
    const std::string key = py::str(item.first);
    if (!taken_.count(key))
      throw py::type_error(function_ + "() got an unexpected keyword argument '" + key + "'");
  }
}

}  // namespace rumor::python
