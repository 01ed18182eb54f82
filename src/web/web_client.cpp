#include "web/web_client.h"

#include "core/api_error.h"
#include "core/files.h"
#include "http/problem.h"
#include "http/static_file.h"
#include "web/page_meta.h"


namespace vv::web {

namespace fs = std::filesystem;

fs::path dist_dir(const Config& cfg) {
  std::string configured = cfg.str("webapp.dist_dir");
  if (!configured.empty()) return fs::absolute(configured);
  return fs::path(VIDIVERSE_SOURCE_DIR) / "web" / "dist";
}

static const char* kNotBuilt =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Vidiverse</title></head><body>"
    "<h1>Vidiverse</h1><p>The server is running, but the web client has not been built. Run <code>make build</code>"
    " (or set <code>webapp.dist_dir</code>). The REST API is available under <code>/api/v1/</code>.</p></body></html>";

void register_web_client_routes(http::Router& r, api::ApiContext& ctx) {
  fs::path dist = dist_dir(*ctx.cfg());
  register_oembed_route(r, ctx);
  // The player alone, made to be framed by other sites.
  r.get("/videos/embed/*rest", [dist](http::Request& req) {
    fs::path embed = dist / "embed.html";
    if (!fs::is_regular_file(embed)) throw ApiError(404, "The embed page is not built (make build).");
    std::erase_if(req.headers, [](const auto& h) { return h.first == "range"; });
    return http::serve_file(req, embed, "no-cache");
  });
  r.get("/*path", [dist, &ctx](http::Request& req) {
    const std::string& rest = req.param("path");
    // Unknown API paths are PeerTube's 400, never the client's index.html.
    if (req.path.starts_with("/api/")) throw ApiError(400, "Unknown API route " + req.method + " " + req.path);
    if (req.path.starts_with("/static/") || req.path.starts_with("/lazy-static/") ||
        req.path.starts_with("/download/") || req.path.starts_with("/plugins/") || req.path.starts_with("/.well-known/"))
      throw ApiError(404, "Not found");
    if (!rest.empty()) {
      std::string decoded = http::percent_decode(rest, false);
      if (auto file = http::safe_join(dist, decoded); file && fs::is_regular_file(*file)) {
        bool hashed = decoded.starts_with("assets/");
        return http::serve_file(req, *file, hashed ? "public, max-age=31536000, immutable" : "public, max-age=3600");
      }
      if (decoded.starts_with("assets/")) throw ApiError(404, "Not found");
    }
    fs::path index = dist / "index.html";
    if (!fs::is_regular_file(index)) return http::Response::text(kNotBuilt, 200, "text/html; charset=utf-8");
    // Pages of the client are not to be framed elsewhere (clickjacking);
    // the embed page above is.
    bool frameguard = ctx.cfg()->boolean("security.frameguard.enabled", true);
    // Watch, channel and account pages carry their title and cards.
    if (auto meta = page_meta(ctx, req.path)) {
      auto res = http::Response::text(render_index(read_file(index), *meta), 200, "text/html; charset=utf-8");
      res.set_header("cache-control", "no-cache");
      if (frameguard) res.set_header("x-frame-options", "DENY");
      return res;
    }
    // index.html stands for a page: ranges make no sense for it.
    std::erase_if(req.headers, [](const auto& h) { return h.first == "range"; });
    auto res = http::serve_file(req, index, "no-cache");
    if (frameguard) res.set_header("x-frame-options", "DENY");
    return res;
  });
}

}  // namespace vv::web
