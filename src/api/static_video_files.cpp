// Static files of videos, PeerTube's URL layout:
//   /static/web-videos/{file}            public and unlisted videos
//   /static/web-videos/private/{file}    private, internal and password-protected
//                                        ones: a video file token (?videoFileToken=),
//                                        a bearer token or the video password
//   /download/web-videos/{file}          the same, as an attachment
//   /static/streaming-playlists/hls/[private/]{uuid}/{file}   HLS, same rules
//   /download/streaming-playlists/hls/videos/{file}
//   /lazy-static/thumbnails/{file}, /lazy-static/previews/{file}, /lazy-static/storyboards/{file}
#include "api/auth.h"
#include "api/routes.h"
#include "api/video_access.h"
#include "api/video_file_paths.h"
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

// Rights for a non-public file of `video`: its file token, or a viewer
// who may see the video (bearer token, password).
static void check_file_access(ApiContext& ctx, http::Request& req, const model::Video& video) {
  auto token = req.query_param("videoFileToken");
  if (token && check_video_file_token(*token, video.id)) return;
  auto user = authenticate(ctx, req);
  ctx.db.read([&](soci::session& s) { check_can_view(ctx, s, video, user, req); });
}

static http::Response serve_hls(ApiContext& ctx, http::Request& req, bool private_path) {
  const std::string& uuid = req.param("uuid");
  if (private_path) {
    auto video = ctx.db.read([&](soci::session& s) { return model::find_video(s, uuid); });
    if (!video || video->uuid != uuid) throw ApiError(404, "File not found");
    check_file_access(ctx, req, *video);
  }
  auto dir = http::safe_join(hls_root(ctx, private_path), uuid);
  if (!dir) throw ApiError(404, "File not found");
  auto path = http::safe_join(*dir, req.param("filename"));
  if (!path) throw ApiError(404, "File not found");
  // Playlists and checksums change when a resolution is added; segments never do.
  bool index = path->extension() == ".m3u8" || path->extension() == ".json";
  return http::serve_file(req, *path, private_path ? "private, max-age=0" : index ? "public, max-age=0" : "public, max-age=7200");
}

// /download/...: "<video uuid>-<resolution>[-fragmented].<ext>" (PeerTube's
// names) or the stored file name; always through the rights check.
static http::Response download(ApiContext& ctx, http::Request& req, bool hls) {
  const std::string& name = req.param("filename");
  std::optional<model::Video> video;
  std::optional<model::VideoFile> file;
  ctx.db.read([&](soci::session& s) {
    if (auto parsed = parse_download_name(name)) {
      video = model::find_video(s, parsed->first);
      if (video)
        for (const auto& f : hls ? video->hls_files : video->files)
          if (f.resolution == parsed->second && !file) file = f;
    }
    if (!file) {
      video = video_of_file(s, name);
      if (video)
        for (const auto& f : hls ? video->hls_files : video->files)
          if (f.filename == name) file = f;
    }
  });
  if (!video || !file) throw ApiError(404, "File not found");
  check_file_access(ctx, req, *video);
  auto res = http::serve_file(req, file_disk_path(ctx, *video, *file), "private, max-age=0");
  std::string attachment = video->uuid + "-" + std::to_string(file->resolution) + (hls ? "-fragmented" : "") + file->extname;
  res.set_header("content-disposition", "attachment; filename=\"" + attachment + "\"");
  return res;
}

static http::Response serve_private(ApiContext& ctx, http::Request& req) {
  const std::string& name = req.param("filename");
  auto video = ctx.db.read([&](soci::session& s) { return video_of_file(s, name); });
  if (!video) throw ApiError(404, "File not found");
  check_file_access(ctx, req, *video);
  auto path = http::safe_join(web_videos_dir(ctx, *video), name);
  if (!path) throw ApiError(404, "File not found");
  return http::serve_file(req, *path, "private, max-age=0");
}

void register_static_video_routes(http::Router& r, ApiContext& ctx) {
  r.get("/static/web-videos/private/:filename", [&ctx](http::Request& req) { return serve_private(ctx, req); });
  r.get("/static/web-videos/:filename", [&ctx](http::Request& req) {
    auto path = http::safe_join(web_videos_dir(ctx, false), req.param("filename"));
    if (!path) throw ApiError(404, "File not found");
    return http::serve_file(req, *path, "public, max-age=7200");
  });
  r.get("/static/streaming-playlists/hls/private/:uuid/:filename",
        [&ctx](http::Request& req) { return serve_hls(ctx, req, true); });
  r.get("/static/streaming-playlists/hls/:uuid/:filename", [&ctx](http::Request& req) { return serve_hls(ctx, req, false); });
  r.get("/download/streaming-playlists/hls/videos/:filename", [&ctx](http::Request& req) { return download(ctx, req, true); });
  r.get("/download/web-videos/:filename", [&ctx](http::Request& req) { return download(ctx, req, false); });
  // PeerTube before 6.0 (still in old links and clients).
  r.get("/download/videos/:filename", [&ctx](http::Request& req) { return download(ctx, req, false); });
  auto images = [&ctx](const char* dir) {
    return [&ctx, dir](http::Request& req) {
      auto path = http::safe_join(ctx.cfg()->storage_dir(dir), req.param("filename"));
      if (!path) throw ApiError(404, "File not found");
      return http::serve_file(req, *path, "public, max-age=172800");
    };
  };
  r.get("/lazy-static/thumbnails/:filename", images("thumbnails"));
  r.get("/lazy-static/previews/:filename", images("previews"));
  r.get("/lazy-static/storyboards/:filename", images("storyboards"));
}

}  // namespace vv::api
