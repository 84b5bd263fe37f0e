// A static file compiled into the binary by embed.cmake (beside this header): the
// dashboard's and the web simulator's pages are served from these, so nothing is read
// from disk or built at run time.
#pragma once

#include <string_view>

namespace rumor::http {

struct Asset {
  std::string_view name;          // file name: "index.html", "app.js", "style.css"
  std::string_view content_type;  // from the extension
  std::string_view body;
};

}  // namespace rumor::http
