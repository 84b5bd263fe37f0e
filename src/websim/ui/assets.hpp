// The web simulator's page (index.html, app.js, style.css beside this header), compiled
// into the binary by src/http/embed.cmake at build time.
#pragma once

#include <span>
#include <string_view>

#include "http/asset.hpp"

namespace rumor::websim::ui {

using http::Asset;

std::span<const Asset> assets() noexcept;
// The asset of that name, or nullptr.
const Asset* find_asset(std::string_view name) noexcept;

}  // namespace rumor::websim::ui
