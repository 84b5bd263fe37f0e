// The dashboard's static files, compiled into the binary: ui_assets.cpp is generated at
// build time from the files beside this header by embed.cmake (no tool beyond CMake).
#pragma once

#include <span>
#include <string_view>

namespace rumor::agent::ui {

struct Asset {
  std::string_view name;          // file name: "index.html", "app.js", "style.css"
  std::string_view content_type;  // from the extension
  std::string_view body;
};

std::span<const Asset> assets() noexcept;
// The asset of that name, or nullptr.
const Asset* find_asset(std::string_view name) noexcept;

}  // namespace rumor::agent::ui
