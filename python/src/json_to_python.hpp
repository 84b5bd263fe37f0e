// A report's JSON (nlohmann) as plain Python objects: dicts in the report's key order,
// lists, int, float, str, bool and None, so rumor.sim.<scenario>() returns exactly what
// `rumor sim <scenario> --json` prints, parsed.
#pragma once

#include <pybind11/pybind11.h>

#include <nlohmann/json.hpp>

namespace rumor::python {

pybind11::object to_python(const nlohmann::json& j);
pybind11::object to_python(const nlohmann::ordered_json& j);

}  // namespace rumor::python
