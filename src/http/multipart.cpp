#include "http/multipart.h"

#include "http/message.h"

namespace vv::http {

static std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Reads `key=value` or `key="value"` parameters of a header value.
std::optional<std::string> header_param(std::string_view value, std::string_view key) {
  size_t pos = 0;
  while (pos < value.size()) {
    size_t semi = value.find(';', pos);
    std::string_view part = trim(value.substr(pos, semi == std::string_view::npos ? std::string_view::npos : semi - pos));
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && to_lower(trim(part.substr(0, eq))) == key) {
      std::string_view v = trim(part.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(v);
    }
    if (semi == std::string_view::npos) break;
    pos = semi + 1;
  }
  return std::nullopt;
}

std::optional<std::string> multipart_boundary(std::string_view ct) {
  if (!to_lower(ct).starts_with("multipart/form-data")) return std::nullopt;
  auto b = header_param(ct, "boundary");
  if (!b || b->empty() || b->size() > 200) return std::nullopt;
  return b;
}

std::optional<std::vector<Part>> parse_multipart(std::string_view body, const std::string& boundary) {
  std::vector<Part> parts;
  const std::string delim = "--" + boundary;
  size_t pos = body.find(delim);
  if (pos == std::string_view::npos) return std::nullopt;
  pos += delim.size();
  for (;;) {
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n") return std::nullopt;
    pos += 2;
    size_t header_end = body.find("\r\n\r\n", pos);
    if (header_end == std::string_view::npos) return std::nullopt;
    Part part;
    std::string_view headers = body.substr(pos, header_end - pos);
    size_t hp = 0;
    while (hp <= headers.size()) {
      size_t eol = headers.find("\r\n", hp);
      std::string_view line = headers.substr(hp, eol == std::string_view::npos ? std::string_view::npos : eol - hp);
      size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string name = to_lower(trim(line.substr(0, colon)));
        std::string_view value = trim(line.substr(colon + 1));
        if (name == "content-disposition") {
          if (auto n = header_param(value, "name")) part.name = *n;
          part.filename = header_param(value, "filename");
        } else if (name == "content-type") {
          part.content_type = std::string(value);
        }
      }
      if (eol == std::string_view::npos) break;
      hp = eol + 2;
    }
    size_t data_start = header_end + 4;
    size_t next = body.find("\r\n" + delim, data_start);
    if (next == std::string_view::npos) return std::nullopt;
    part.data = body.substr(data_start, next - data_start);
    if (part.name.empty()) return std::nullopt;
    parts.push_back(std::move(part));
    pos = next + 2 + delim.size();
    if (parts.size() > 100) return std::nullopt;
  }
}

}  // namespace vv::http
