#include "api/video_file_paths.h"

#include "api/video_publish.h"
#include "api/video_views.h"

namespace vv::api {

namespace fs = std::filesystem;

std::mutex& video_files_mutex() {
  static std::mutex m;
  return m;
}

fs::path hls_root(const ApiContext& ctx, bool private_files) {
  fs::path p = ctx.cfg()->storage_dir("streaming_playlists") / "hls";
  if (private_files) p /= "private";
  return p;
}

fs::path hls_dir(const ApiContext& ctx, const std::string& uuid, bool private_files) {
  return hls_root(ctx, private_files) / uuid;
}

fs::path hls_dir(const ApiContext& ctx, const model::Video& v) { return hls_dir(ctx, v.uuid, files_are_private(v)); }

fs::path file_disk_path(const ApiContext& ctx, const model::Video& v, const model::VideoFile& f) {
  if (f.streaming_playlist_id) return hls_dir(ctx, v) / f.filename;
  return fs::path(web_videos_dir(const_cast<ApiContext&>(ctx), v)) / f.filename;
}

std::string hls_url_dir(const model::Video& v) {
  return std::string(files_are_private(v) ? "/static/streaming-playlists/hls/private/" : "/static/streaming-playlists/hls/") +
         v.uuid + "/";
}

std::string file_url_path(const model::Video& v, const model::VideoFile& f) {
  if (f.streaming_playlist_id) return hls_url_dir(v) + f.filename;
  return web_video_url_path(v, f);
}

// PeerTube names downloads after the video, not the stored file:
// <video uuid>-<resolution>[-fragmented].<ext>.
std::string file_download_path(const model::Video& v, const model::VideoFile& f) {
  std::string name = v.uuid + "-" + std::to_string(f.resolution);
  if (f.streaming_playlist_id) return "/download/streaming-playlists/hls/videos/" + name + "-fragmented" + f.extname;
  return "/download/web-videos/" + name + f.extname;
}

std::optional<std::pair<std::string, int>> parse_download_name(const std::string& name) {
  // 36-character UUID, '-', digits, then '-fragmented' and/or the extension.
  if (name.size() < 38 || name[36] != '-') return std::nullopt;
  size_t i = 37, start = i;
  while (i < name.size() && name[i] >= '0' && name[i] <= '9') ++i;
  if (i == start || i - start > 5) return std::nullopt;
  return std::make_pair(name.substr(0, 36), std::stoi(name.substr(start, i - start)));
}

}  // namespace vv::api
