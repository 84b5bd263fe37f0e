// Writing a file so that a crash or a full disk at any moment leaves either the old
// contents or the new, never a torn file: write a temporary file in the same directory,
// fsync it, rename it over the target, fsync the directory.
#pragma once

#include <string>
#include <string_view>

namespace rumor::files {

// Who may read the file written. `owner_only` (0600) for state that may hold secrets
// (keyrings, snapshots, tags); `as_umask` (0666 less the umask, as any program's new
// file) for output meant to be shared, such as charts.
enum class Access { owner_only, as_umask };

// Returns an error message ("path: reason"), or empty on success. On failure the
// target is untouched and the temporary file removed.
std::string write_file_atomically(const std::string& path, std::string_view contents,
                                  Access access = Access::owner_only);

// The whole file, or nullopt-like empty result with `error` set.
std::string read_whole_file(const std::string& path, std::string& error);

// Why `path` could not be written to (its directory is missing), or empty: for commands
// that check an output flag before a long run rather than after.
std::string output_path_error(const std::string& path);

// Removes the temporary files that writers of `path` killed mid-write left behind (their
// process is gone); returns how many. Call it when a long-lived writer starts.
std::size_t remove_stale_temporaries(const std::string& path);

}  // namespace rumor::files
