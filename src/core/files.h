// Small file operations the storage code repeats: a file replaced in one
// step (readers see the old or the new content, never half of it), a move
// that also works across filesystems, a whole-file read.
#pragma once
#include <filesystem>
#include <string>

namespace vv {

// Writes `data` beside `path` then renames it over `path` (creating the
// directory). Throws std::runtime_error when the write fails.
void write_file_atomically(const std::filesystem::path& path, const std::string& data);
// rename, or copy + remove when `to` is on another filesystem.
void move_file(const std::filesystem::path& from, const std::filesystem::path& to);
// The whole file; empty when it cannot be read.
std::string read_file(const std::filesystem::path& path);

}  // namespace vv
