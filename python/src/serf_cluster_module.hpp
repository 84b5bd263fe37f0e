// rumor.SerfCluster and rumor.Query (serf_cluster_module.cpp).
#pragma once

#include <pybind11/pybind11.h>

namespace rumor::python {

void add_serf_cluster(pybind11::module_& rumor);

}  // namespace rumor::python
