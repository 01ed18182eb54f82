// A video's files as an administrator manages them (PeerTube's "Video
// Files" tag): re-run transcoding, remove the HLS playlist, the web videos
// or one file; and the storyboard of seek previews.
#include <boost/json.hpp>

#include "api/auth.h"
#include "api/routes.h"
#include "api/validate.h"
#include "api/video_access.h"
#include "api/video_file_paths.h"
#include "api/video_publish.h"
#include "core/api_error.h"
#include "jobs/queue.h"
#include "jobs/video_pipeline.h"
#include "model/job.h"
#include "model/storyboard.h"
#include "model/video.h"

namespace vv::api {

namespace json = boost::json;
namespace fs = std::filesystem;

static void check_manageable(const model::Video& v) {
  if (!v.is_local) throw ApiError(400, "Cannot manage files of a remote video.");
  if (v.is_live) throw ApiError(400, "Cannot manage files of a live video.");
}

// Removing files while transcoding jobs of the video still run would race
// with them (a job adding a rendition to the playlist being removed).
static void check_not_transcoding(soci::session& s, const model::Video& v) {
  if (model::pending_jobs_of_video(s, v.id, jobs::kTranscodingJob, 0) > 0)
    throw ApiError(409, "This video is being transcoded: remove files once its jobs are done.");
}

// Files gone from the database are removed from the disk, with their torrents.
static void remove_files(ApiContext& ctx, const model::Video& v, const std::vector<model::VideoFile>& files) {
  std::error_code ec;
  for (const auto& f : files) {
    fs::remove(file_disk_path(ctx, v, f), ec);
    if (f.streaming_playlist_id && !f.playlist_filename.empty()) fs::remove(hls_dir(ctx, v) / f.playlist_filename, ec);
    if (!f.torrent_filename.empty()) fs::remove(ctx.cfg()->storage_dir("torrents") / f.torrent_filename, ec);
  }
}

void register_video_files_routes(http::Router& r, ApiContext& ctx) {
  r.post("/api/v1/videos/:id/transcoding", [&ctx](http::Request& req) {
    require_right(ctx, req, Right::run_video_transcoding);
    json::object body = body_object(req);
    auto type = opt_string(body, "transcodingType", 1, 20);
    if (!type || (*type != "hls" && *type != "web-video" && *type != "webtorrent"))
      throw invalid_param("transcodingType", "Should have a valid transcoding type", "body",
                          body.contains("transcodingType") ? body.at("transcodingType") : json::value(nullptr));
    bool force = opt_bool(body, "forceTranscoding").value_or(false);
    if (!jobs::transcoding_enabled(*ctx.cfg()))
      throw ApiError(400, "Cannot run transcoding job because transcoding is disabled on this instance");
    std::string kind = *type == "hls" ? "hls" : "web-video";
    ctx.db.write([&](soci::session& s) {
      auto v = require_video(s, req.param("id"));
      check_manageable(v);
      if (v.files.empty() && v.hls_files.empty()) throw ApiError(400, "This video has no file to transcode.");
      if (v.state == model::kToTranscode && !force)
        throw ApiError(409, "This video is already being transcoded", "video_already_being_transcoded");
      jobs::enqueue_transcoding(s, ctx, v, kind);
    });
    if (ctx.jobs) ctx.jobs->notify();
    return http::Response::no_content();
  });

  r.del("/api/v1/videos/:id/hls", [&ctx](http::Request& req) {
    require_right(ctx, req, Right::manage_video_files);
    model::Video v;
    ctx.db.write([&](soci::session& s) {
      v = require_video(s, req.param("id"));
      check_manageable(v);
      check_not_transcoding(s, v);
      if (!v.hls) throw ApiError(400, "This video does not have HLS files");
      if (v.files.empty()) throw ApiError(400, "Cannot delete HLS playlist of a video without web video files");
      model::delete_streaming_playlist(s, v.id);
    });
    remove_files(ctx, v, v.hls_files);
    std::error_code ec;
    fs::remove_all(hls_dir(ctx, v), ec);
    return http::Response::no_content();
  });

  r.del("/api/v1/videos/:id/web-videos", [&ctx](http::Request& req) {
    require_right(ctx, req, Right::manage_video_files);
    model::Video v;
    ctx.db.write([&](soci::session& s) {
      v = require_video(s, req.param("id"));
      check_manageable(v);
      check_not_transcoding(s, v);
      if (v.files.empty()) throw ApiError(400, "This video does not have web video files");
      if (!v.hls || v.hls_files.empty()) throw ApiError(400, "Cannot delete web video files of a video without HLS playlist");
      for (const auto& f : v.files) model::delete_video_file(s, f.id);
    });
    remove_files(ctx, v, v.files);
    return http::Response::no_content();
  });

  // One file of the HLS playlist or one web video; never the last file.
  auto delete_one = [&ctx](bool hls) {
    return [&ctx, hls](http::Request& req) {
      require_right(ctx, req, Right::manage_video_files);
      int64_t file_id = parse_id(req.param("videoFileId"));
      model::Video v;
      model::VideoFile gone;
      ctx.db.write([&](soci::session& s) {
        v = require_video(s, req.param("id"));
        check_manageable(v);
        const auto& list = hls ? v.hls_files : v.files;
        check_not_transcoding(s, v);
        auto it = std::find_if(list.begin(), list.end(), [&](const auto& f) { return f.id == file_id; });
        if (it == list.end()) throw ApiError(404, "This video file does not exist");
        if (v.files.size() + v.hls_files.size() <= 1) throw ApiError(400, "Cannot delete the last file of a video");
        gone = *it;
        model::delete_video_file(s, gone.id);
        if (hls && list.size() == 1) model::delete_streaming_playlist(s, v.id);
      });
      remove_files(ctx, v, {gone});
      if (hls) {
        auto after = ctx.db.read([&](soci::session& s) { return model::find_video_by_id(s, v.id); });
        if (after && after->hls) jobs::rewrite_hls_index(ctx, *after);
      }
      return http::Response::no_content();
    };
  };
  r.del("/api/v1/videos/:id/hls/:videoFileId", delete_one(true));
  r.del("/api/v1/videos/:id/web-videos/:videoFileId", delete_one(false));

  r.get("/api/v1/videos/:id/storyboards", [&ctx](http::Request& req) {
    auto user = authenticate(ctx, req);
    return ctx.db.read([&](soci::session& s) {
      auto v = require_video(s, req.param("id"));
      check_can_view(ctx, s, v, user, req);
      json::array list;
      if (auto sb = model::find_storyboard(s, v.id)) {
        std::string path = "/lazy-static/storyboards/" + sb->filename;
        list.push_back(json::object{{"storyboardPath", path},
                                    {"fileUrl", ctx.base_url() + path},
                                    {"totalHeight", sb->total_height},
                                    {"totalWidth", sb->total_width},
                                    {"spriteHeight", sb->sprite_height},
                                    {"spriteWidth", sb->sprite_width},
                                    {"spriteDuration", sb->sprite_duration}});
      }
      return http::Response::json(json::object{{"storyboards", std::move(list)}});
    });
  });
}

}  // namespace vv::api
