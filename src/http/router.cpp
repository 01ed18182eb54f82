#include "http/router.h"

namespace vv::http {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    size_t slash = path.find('/', pos);
    out.emplace_back(path.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos));
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  return out;
}

void Router::add(std::string method, std::string pattern, Handler h, RouteOptions opt) {
  Route r;
  r.segments = split_path(pattern);
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.handler = std::move(h);
  r.options = opt;
  routes_.push_back(std::move(r));
}

static bool match(const Route& r, const std::vector<std::string>& segs, std::map<std::string, std::string>* params) {
  bool rest = !r.segments.empty() && r.segments.back()[0] == '*';
  if (rest ? segs.size() < r.segments.size() - 1 : r.segments.size() != segs.size()) return false;
  for (size_t i = 0; i < segs.size(); ++i) {
    const auto& p = r.segments[i];
    if (p[0] == '*') {
      if (params) {
        std::string joined;
        for (size_t j = i; j < segs.size(); ++j) joined += (j > i ? "/" : "") + segs[j];
        (*params)[p.substr(1)] = joined;
      }
      return true;
    }
    if (!p.empty() && p[0] == ':') {
      if (segs[i].empty()) return false;
      // One segment is one segment: an encoded "/" (%2F) or "\" must not
      // smuggle a path into a parameter (/static/web-videos/private%2Fx.mp4
      // would otherwise reach private files through the public route).
      if (segs[i].find('%') != std::string::npos || segs[i].find('\\') != std::string::npos) {
        std::string decoded = percent_decode(segs[i], false);
        if (decoded.find('/') != std::string::npos || decoded.find('\\') != std::string::npos) return false;
        if (params) (*params)[p.substr(1)] = std::move(decoded);
      } else if (params) {
        (*params)[p.substr(1)] = segs[i];
      }
    } else if (p != segs[i]) {
      return false;
    }
  }
  if (rest && params) (*params)[r.segments.back().substr(1)] = "";
  return true;
}

RouteMatch Router::find(std::string_view method, std::string_view path) const {
  RouteMatch m;
  auto segs = split_path(path);
  std::string_view want = method == "HEAD" ? std::string_view("GET") : method;
  // Literal segments win over parameters: PeerTube declares /users/me before
  // /users/:id. Routes are tried in registration order, so register the
  // literal ones first.
  for (const auto& r : routes_) {
    if (!match(r, segs, nullptr)) continue;
    if (r.method == method || r.method == want) {
      m.route = &r;
      match(r, segs, &m.params);
      return m;
    }
    m.other_method = true;
  }
  return m;
}

}  // namespace vv::http
