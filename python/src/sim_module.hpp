// rumor.sim (sim_module.cpp).
#pragma once

#include <pybind11/pybind11.h>

namespace rumor::python {

void add_sim_module(pybind11::module_& rumor);

}  // namespace rumor::python
