// Writing an output file so that no reader ever sees half of it.
#pragma once

#include <string>
#include <string_view>

namespace rumor::plot {

// Writes `content` to `path + ".tmp"`, flushes it to disk, then renames it over `path`
// (atomic on POSIX file systems). Returns an error message, or an empty string when the
// file is in place; on failure the temporary file is removed and `path` is untouched.
std::string write_file_atomically(const std::string& path, std::string_view content);

}  // namespace rumor::plot
