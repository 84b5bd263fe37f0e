#include "cli/chart_output.hpp"

#include <iostream>

#include "files/atomic_file.hpp"

namespace rumor::cli {

int write_chart(const std::string& path, const plot::Chart& chart, std::string_view command) {
  const std::string err =
      files::write_file_atomically(path, plot::render_svg(chart), files::Access::as_umask);
  if (err.empty()) return 0;
  std::cerr << command << ": --plot: " << err << "\n";
  return 1;
}

}  // namespace rumor::cli
