#include "json_to_python.hpp"

namespace py = pybind11;

namespace rumor::python {
namespace {

template <class Json>
py::object convert(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
      return py::none();
    case Json::value_t::boolean:
      return py::bool_(j.template get<bool>());
    case Json::value_t::number_integer:
      return py::int_(j.template get<std::int64_t>());
    case Json::value_t::number_unsigned:
      return py::int_(j.template get<std::uint64_t>());
    case Json::value_t::number_float:
      return py::float_(j.template get<double>());
    case Json::value_t::string:
      return py::str(j.template get_ref<const std::string&>());
    case Json::value_t::binary:
      return py::bytes(std::string(j.get_binary().begin(), j.get_binary().end()));
    case Json::value_t::array: {
      py::list out;
      for (const auto& v : j) out.append(convert(v));
      return out;
    }
    case Json::value_t::object: {
      py::dict out;
      for (const auto& [k, v] : j.items()) out[py::str(k)] = convert(v);
      return out;
    }
  }
  return py::none();
}

}  // namespace

py::object to_python(const nlohmann::json& j) {
  return convert(j);
}
py::object to_python(const nlohmann::ordered_json& j) {
  return convert(j);
}

}  // namespace rumor::python
