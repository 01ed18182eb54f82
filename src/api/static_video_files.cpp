// Static files of videos, PeerTube's URL layout:
//   /static/web-videos/{file}            public and unlisted videos
//   /static/web-videos/private/{file}    private, internal and password-protected
//                                        ones: a video file token (?videoFileToken=),
//                                        a bearer token or the video password
//   /download/web-videos/{file}          the same, as an attachment
//   /lazy-static/thumbnails/{file}, /lazy-static/previews/{file}
#include "api/auth.h"
#include "api/routes.h"
#include "api/video_access.h"
#include "api/video_publish.h"
#include "core/api_error.h"
#include "db/database.h"
#include "http/static_file.h"

namespace vv::api {

namespace fs = std::filesystem;

// The video a web-video file belongs to.
static std::optional<model::Video> video_of_file(soci::session& s, const std::string& filename) {
  long long vid = 0;
  soci::indicator ind;
  s << "SELECT video_id FROM video_files WHERE filename = :f", soci::use(filename), soci::into(vid, ind);
  if (!s.got_data() || ind != soci::i_ok) return std::nullopt;
  return model::find_video_by_id(s, vid);
}

static http::Response serve_private(ApiContext& ctx, http::Request& req, bool download) {
  const std::string& name = req.param("filename");
  auto video = ctx.db.read([&](soci::session& s) { return video_of_file(s, name); });
  if (!video) throw ApiError(404, "File not found");
  auto token = req.query_param("videoFileToken");
  bool allowed = token && check_video_file_token(*token, video->id);
  if (!allowed) {
    auto user = authenticate(ctx, req);
    ctx.db.read([&](soci::session& s) { check_can_view(ctx, s, *video, user, req); });
  }
  auto path = http::safe_join(web_videos_dir(ctx, *video), name);
  if (!path) throw ApiError(404, "File not found");
  auto res = http::serve_file(req, *path, "private, max-age=0");
  if (download) res.set_header("content-disposition", "attachment; filename=\"" + name + "\"");
  return res;
}

void register_static_video_routes(http::Router& r, ApiContext& ctx) {
  r.get("/static/web-videos/private/:filename", [&ctx](http::Request& req) { return serve_private(ctx, req, false); });
  r.get("/static/web-videos/:filename", [&ctx](http::Request& req) {
    auto path = http::safe_join(web_videos_dir(ctx, false), req.param("filename"));
    if (!path) throw ApiError(404, "File not found");
    return http::serve_file(req, *path, "public, max-age=7200");
  });
  r.get("/download/web-videos/:filename", [&ctx](http::Request& req) {
    // Downloads go through the same rights as the private path, whatever the privacy.
    return serve_private(ctx, req, true);
  });
  auto images = [&ctx](const char* dir) {
    return [&ctx, dir](http::Request& req) {
      auto path = http::safe_join(ctx.cfg()->storage_dir(dir), req.param("filename"));
      if (!path) throw ApiError(404, "File not found");
      return http::serve_file(req, *path, "public, max-age=172800");
    };
  };
  r.get("/lazy-static/thumbnails/:filename", images("thumbnails"));
  r.get("/lazy-static/previews/:filename", images("previews"));
}

}  // namespace vv::api
