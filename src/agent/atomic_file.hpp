// Writing a file so that a crash or a full disk at any moment leaves either the old
// contents or the new, never a torn file: write a temporary file in the same directory,
// fsync it, rename it over the target, fsync the directory.
#pragma once

#include <string>
#include <string_view>

namespace rumor::agent {

// Returns an error message ("path: reason"), or empty on success. On failure the
// target is untouched and the temporary file removed.
std::string write_file_atomically(const std::string& path, std::string_view contents);

// The whole file, or nullopt-like empty result with `error` set.
std::string read_whole_file(const std::string& path, std::string& error);

}  // namespace rumor::agent
