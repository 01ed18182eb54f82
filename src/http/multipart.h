// multipart/form-data parser for small bodies held in memory (avatars,
// banners, forms). Parts are views into the request body.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vv::http {

struct Part {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;
  std::string_view data;
};

// A `key=value` / `key="value"` parameter of a header value
// (Content-Disposition's name and filename, Content-Type's boundary).
std::optional<std::string> header_param(std::string_view value, std::string_view key);

// Returns the boundary of a multipart/form-data Content-Type, or nullopt.
std::optional<std::string> multipart_boundary(std::string_view content_type);
// nullopt when the body is not well-formed multipart with that boundary.
std::optional<std::vector<Part>> parse_multipart(std::string_view body, const std::string& boundary);

}  // namespace vv::http
