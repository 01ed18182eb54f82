#include "http/cors_filter.h"

namespace vv::http {

bool CorsFilter::applies(std::string_view path) {
  return path.starts_with("/api/") || path.starts_with("/.well-known/") || path.starts_with("/static/") ||
         path.starts_with("/lazy-static/") || path.starts_with("/feeds/") || path.starts_with("/download/");
}

std::optional<Response> CorsFilter::on_request(Request& req) {
  if (req.method != "OPTIONS" || !applies(req.path)) return std::nullopt;
  Response r;
  r.status = 204;
  r.set_header("access-control-allow-origin", "*");
  r.set_header("access-control-allow-methods", "GET,HEAD,PUT,PATCH,POST,DELETE");
  std::string_view asked = req.header("access-control-request-headers");
  r.set_header("access-control-allow-headers",
               asked.empty() ? std::string("Authorization,Content-Type,Content-Range,Range,X-Upload-Content-Length,X-Upload-Content-Type")
                             : std::string(asked));
  r.set_header("access-control-max-age", "86400");
  r.set_header("vary", "Access-Control-Request-Headers");
  return r;
}

void CorsFilter::on_response(const Request& req, Response& res) {
  if (!applies(req.path)) return;
  res.set_header("access-control-allow-origin", "*");
  res.set_header("access-control-allow-credentials", "true");
  res.set_header("access-control-expose-headers",
                 "Retry-After,X-RateLimit-Limit,X-RateLimit-Remaining,X-RateLimit-Reset,Location,Range,Content-Range,Content-Length,X-Total-Count");
}

}  // namespace vv::http
