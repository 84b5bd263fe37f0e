// `--plot FILE.svg` for the sim commands: renders a chart and writes it atomically.
#pragma once

#include <string>
#include <string_view>

#include "plot/svg_chart.hpp"

namespace rumor::cli {

// Returns 0, or 1 after printing "<command>: --plot: <why>" to stderr.
int write_chart(const std::string& path, const plot::Chart& chart, std::string_view command);

}  // namespace rumor::cli
