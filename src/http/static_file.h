// Serving a file from disk: conditional GET (ETag, If-None-Match,
// If-Modified-Since), single byte ranges (206 / 416), MIME type from the
// extension, Cache-Control. The body is sent with sendfile(2) by the server.
//
// Path safety: `safe_join` accepts only a single file name or a relative path
// whose segments are plain names (no "..", no empty or dot segments, no NUL,
// no backslash), and the result is checked to stay below the root after
// resolving symlinks.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include "http/message.h"

namespace vv::http {

std::optional<std::filesystem::path> safe_join(const std::filesystem::path& root, std::string_view relative);

std::string mime_type_for(std::string_view filename);

// Answers `req` with the file at `path` (already checked by safe_join), or 404.
Response serve_file(const Request& req, const std::filesystem::path& path, const std::string& cache_control);

struct ByteRange {
  uint64_t first = 0, last = 0;  // inclusive
};
// Parses "bytes=a-b" / "bytes=a-" / "bytes=-n" against a size. nullopt: not
// satisfiable; a default-constructed `ignored` means serve the whole file.
enum class RangeResult { none, ok, unsatisfiable };
RangeResult parse_range(std::string_view header, uint64_t size, ByteRange& out);

}  // namespace vv::http
