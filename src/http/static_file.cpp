#include "http/static_file.h"

#include <sys/stat.h>

#include <ctime>

#include <fmt/format.h>

#include "http/problem.h"

namespace vv::http {

namespace fs = std::filesystem;

std::optional<fs::path> safe_join(const fs::path& root, std::string_view rel) {
  if (rel.empty() || rel.size() > 1024) return std::nullopt;
  fs::path out = root;
  size_t pos = 0;
  while (pos <= rel.size()) {
    size_t slash = rel.find('/', pos);
    std::string_view seg = rel.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
    if (seg.empty() || seg == "." || seg == ".." || seg.find('\0') != std::string_view::npos ||
        seg.find('\\') != std::string_view::npos)
      return std::nullopt;
    out /= std::string(seg);
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  std::error_code ec;
  fs::path canon_root = fs::weakly_canonical(root, ec);
  if (ec) return std::nullopt;
  fs::path canon = fs::weakly_canonical(out, ec);
  if (ec) return std::nullopt;
  auto r = canon_root.native(), c = canon.native();
  if (c.size() <= r.size() || c.compare(0, r.size(), r) != 0 || c[r.size()] != '/') return std::nullopt;
  return canon;
}

std::string mime_type_for(std::string_view name) {
  auto dot = name.rfind('.');
  std::string ext = dot == std::string_view::npos ? "" : to_lower(name.substr(dot + 1));
  static const std::pair<const char*, const char*> table[] = {
      {"jpg", "image/jpeg"},        {"jpeg", "image/jpeg"},      {"png", "image/png"},
      {"webp", "image/webp"},       {"gif", "image/gif"},        {"svg", "image/svg+xml"},
      {"ico", "image/x-icon"},      {"mp4", "video/mp4"},        {"m4v", "video/mp4"},
      {"webm", "video/webm"},       {"ogv", "video/ogg"},        {"mkv", "video/x-matroska"},
      {"mov", "video/quicktime"},   {"m3u8", "application/vnd.apple.mpegurl"},
      {"m4s", "video/iso.segment"}, {"ts", "video/mp2t"},        {"mp3", "audio/mpeg"},
      {"m4a", "audio/mp4"},         {"ogg", "audio/ogg"},        {"flac", "audio/flac"},
      {"wav", "audio/wav"},         {"vtt", "text/vtt; charset=utf-8"},
      {"srt", "application/x-subrip"}, {"torrent", "application/x-bittorrent"},
      {"json", "application/json; charset=utf-8"}, {"html", "text/html; charset=utf-8"},
      {"css", "text/css; charset=utf-8"}, {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"}, {"txt", "text/plain; charset=utf-8"},
      {"woff2", "font/woff2"},      {"woff", "font/woff"},       {"wasm", "application/wasm"},
  };
  for (const auto& [e, t] : table)
    if (ext == e) return t;
  return "application/octet-stream";
}

RangeResult parse_range(std::string_view h, uint64_t size, ByteRange& out) {
  if (!h.starts_with("bytes=")) return RangeResult::none;
  h.remove_prefix(6);
  if (h.find(',') != std::string_view::npos) return RangeResult::none;  // multi-range: send whole file
  auto dash = h.find('-');
  if (dash == std::string_view::npos) return RangeResult::none;
  auto num = [](std::string_view s, uint64_t& v) {
    if (s.empty() || s.size() > 19) return false;
    v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    return true;
  };
  std::string_view a = h.substr(0, dash), b = h.substr(dash + 1);
  uint64_t x = 0, y = 0;
  if (a.empty()) {  // suffix range
    if (!num(b, y)) return RangeResult::none;
    if (y == 0 || size == 0) return RangeResult::unsatisfiable;
    out.first = y >= size ? 0 : size - y;
    out.last = size - 1;
    return RangeResult::ok;
  }
  if (!num(a, x)) return RangeResult::none;
  if (b.empty()) y = size ? size - 1 : 0;
  else if (!num(b, y)) return RangeResult::none;
  if (x >= size || y < x) return RangeResult::unsatisfiable;
  out.first = x;
  out.last = std::min(y, size - 1);
  return RangeResult::ok;
}

static std::string http_date(time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

static time_t parse_http_date(std::string_view s) {
  std::tm tm{};
  std::string str(s);
  if (!strptime(str.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm)) return -1;
  return timegm(&tm);
}

Response serve_file(const Request& req, const fs::path& path, const std::string& cache_control) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return problem(404, "File not found");
  uint64_t size = static_cast<uint64_t>(st.st_size);
  std::string etag = fmt::format("W/\"{:x}-{:x}\"", size, static_cast<uint64_t>(st.st_mtim.tv_sec) * 1000 +
                                                             static_cast<uint64_t>(st.st_mtim.tv_nsec / 1'000'000));
  std::string last_modified = http_date(st.st_mtim.tv_sec);

  Response r;
  r.set_header("content-type", mime_type_for(path.filename().string()));
  r.set_header("etag", etag);
  r.set_header("last-modified", last_modified);
  r.set_header("accept-ranges", "bytes");
  if (!cache_control.empty()) r.set_header("cache-control", cache_control);

  std::string_view inm = req.header("if-none-match");
  std::string_view ims = req.header("if-modified-since");
  bool not_modified = false;
  if (!inm.empty()) not_modified = inm == etag || inm == "*" || inm.find(etag) != std::string_view::npos;
  else if (!ims.empty()) {
    time_t t = parse_http_date(ims);
    not_modified = t >= 0 && st.st_mtim.tv_sec <= t;
  }
  if (not_modified) {
    r.status = 304;
    return r;
  }

  ByteRange range;
  std::string_view range_h = req.header("range");
  std::string_view if_range = req.header("if-range");
  RangeResult rr = RangeResult::none;
  if (!range_h.empty() && (if_range.empty() || if_range == etag || if_range == last_modified))
    rr = parse_range(range_h, size, range);
  if (rr == RangeResult::unsatisfiable) {
    Response bad = problem(416, "Range not satisfiable");
    bad.set_header("content-range", fmt::format("bytes */{}", size));
    return bad;
  }
  if (rr == RangeResult::ok) {
    r.status = 206;
    r.set_header("content-range", fmt::format("bytes {}-{}/{}", range.first, range.last, size));
    r.file = FileBody{path.string(), range.first, range.last - range.first + 1};
  } else {
    r.file = FileBody{path.string(), 0, size};
  }
  return r;
}

}  // namespace vv::http
