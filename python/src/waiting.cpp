#include "waiting.hpp"

namespace rumor::python {

std::optional<Clock::time_point> deadline_after(std::optional<double> seconds) {
  if (!seconds) return std::nullopt;
  const double s = *seconds > 0 ? *seconds : 0;
  return Clock::now() +
         std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

}  // namespace rumor::python
