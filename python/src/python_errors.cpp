#include "python_errors.hpp"

#include <system_error>

#include "net/call_error.hpp"

namespace py = pybind11;

namespace rumor::python {

void register_errors(py::module_& m) {
  py::register_exception<SerfFailure>(m, "SerfError", PyExc_RuntimeError);
  py::register_exception<net::CallError>(m, "CallError", PyExc_RuntimeError);
  // pybind11 would make a std::system_error a RuntimeError; binding a port is the OS's
  // refusal, which Python calls OSError (errno kept).
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const std::system_error& e) {
      py::object err = py::reinterpret_steal<py::object>(
          PyObject_CallFunction(PyExc_OSError, "is", e.code().value(), e.what()));
      PyErr_SetObject(PyExc_OSError, err.ptr());
    }
  });
}

}  // namespace rumor::python
