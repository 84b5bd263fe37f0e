// Writing an output file so that no reader ever sees half of it.
#pragma once

#include <string>
#include <string_view>

namespace rumor::plot {

// Writes `content` to `path + ".tmp"`, flushes it to disk, then renames it over `path`
// (atomic on POSIX file systems). Returns an error message, or an empty string when the
// file is in place; on failure the temporary file is removed and `path` is untouched.
std::string write_file_atomically(const std::string& path, std::string_view content);
// Why `path` could not be written to (its directory is missing), or empty: for commands
// that check an output flag before a long run rather than after.
std::string output_path_error(const std::string& path);

}  // namespace rumor::plot
