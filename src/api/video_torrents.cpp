#include "api/video_torrents.h"

#include <fstream>

#include "api/video_file_paths.h"
#include "api/video_publish.h"
#include "api/video_views.h"
#include "core/api_error.h"
#include "core/clock.h"
#include "core/files.h"
#include "core/ids.h"
#include "http/router.h"
#include "http/static_file.h"
#include "p2p/torrent.h"

namespace vv::api {

namespace fs = std::filesystem;

std::vector<std::string> tracker_urls(const ApiContext& ctx) {
  std::string ws = ctx.base_url();
  ws.replace(0, ws.find(':'), ws.starts_with("https") ? "wss" : "ws");
  return {ws + "/tracker/socket", ctx.base_url() + "/tracker/announce"};
}

std::string torrent_info_name(const model::Video& v, const model::VideoFile& f) {
  return v.name + " " + std::to_string(f.resolution) + "p" + f.extname;
}

void build_torrent(ApiContext& ctx, const model::Video& v, model::VideoFile& f) {
  p2p::TorrentInput in;
  in.file_path = file_disk_path(ctx, v, f).string();
  in.name = torrent_info_name(v, f);
  in.trackers = tracker_urls(ctx);
  // A file under /private/ needs a token: no web seed (as PeerTube).
  if (!files_are_private(v)) in.web_seeds = {ctx.base_url() + file_url_path(v, f)};
  in.creation_date = now_ms() / 1000;
  p2p::Torrent t = p2p::make_torrent(in);
  fs::path dir = ctx.cfg()->storage_dir("torrents");
  fs::create_directories(dir);
  if (f.torrent_filename.empty())
    f.torrent_filename = uuid_v4() + "-" + std::to_string(f.resolution) + (f.streaming_playlist_id ? "-hls" : "") + ".torrent";
  write_file_atomically(dir / f.torrent_filename, t.data);
  f.info_hash = t.info_hash;
}

std::string magnet_of(const ApiContext& ctx, const model::Video& v, const model::VideoFile& f) {
  return p2p::magnet_uri(f.info_hash, torrent_info_name(v, f), ctx.base_url() + "/lazy-static/torrents/" + f.torrent_filename,
                         tracker_urls(ctx),
                         files_are_private(v) ? std::vector<std::string>{}
                                              : std::vector<std::string>{ctx.base_url() + file_url_path(v, f)});
}

void register_torrent_routes(http::Router& r, ApiContext& ctx) {
  auto serve = [&ctx](bool download) {
    return [&ctx, download](http::Request& req) {
      auto path = http::safe_join(ctx.cfg()->storage_dir("torrents"), req.param("filename"));
      if (!path) throw ApiError(404, "File not found");
      auto res = http::serve_file(req, *path, "public, max-age=172800");
      if (download && res.status < 300)
        res.set_header("content-disposition", "attachment; filename=\"" + req.param("filename") + "\"");
      return res;
    };
  };
  r.get("/lazy-static/torrents/:filename", serve(false));
  r.get("/download/torrents/:filename", serve(true));
}

}  // namespace vv::api
