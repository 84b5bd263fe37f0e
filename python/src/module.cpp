// The `rumor` Python module: rumor.sim (the simulator's scenarios and the epidemic lab,
// as their --json reports), rumor.SerfCluster (a Serf member in this process), the
// exceptions, and rumor.version(). docs/python.md walks through it.
#include <pybind11/pybind11.h>

#include "python_errors.hpp"
#include "serf_cluster_module.hpp"
#include "sim_module.hpp"
#include <rumor/version.hpp>

PYBIND11_MODULE(rumor, m) {
  m.doc() =
      "rumor: SWIM gossip membership and Serf's cluster layer, and a deterministic "
      "simulator of them (docs/python.md)";
  m.def(
      "version", [] { return std::string(rumor::version()); }, "rumor's version, e.g. 0.1.0");
  m.attr("__version__") = rumor::version();
  rumor::python::register_errors(m);
  rumor::python::add_sim_module(m);
  rumor::python::add_serf_cluster(m);
}
