// Where each file of a video lives on disk and under which URL, following
// PeerTube's layout:
//   web videos  <storage.web_videos>[private/]<file>
//               /static/web-videos/[private/]<file>, /download/web-videos/<file>
//   HLS         <storage.streaming_playlists>hls/[private/]<uuid>/<file>
//               /static/streaming-playlists/hls/[private/]<uuid>/<file>,
//               /download/streaming-playlists/hls/videos/<file>
// "private/" holds the files of private, internal, password-protected and
// blocked videos, served only after a rights check.
#pragma once
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

#include "api/context.h"
#include "model/video.h"

namespace vv::api {

std::filesystem::path hls_dir(const ApiContext& ctx, const model::Video& v);
std::filesystem::path hls_dir(const ApiContext& ctx, const std::string& uuid, bool private_files);
std::filesystem::path hls_root(const ApiContext& ctx, bool private_files);

// The file on disk (web video or HLS).
std::filesystem::path file_disk_path(const ApiContext& ctx, const model::Video& v, const model::VideoFile& f);
// URL paths (without the host).
std::string file_url_path(const model::Video& v, const model::VideoFile& f);
std::string file_download_path(const model::Video& v, const model::VideoFile& f);
std::string hls_url_dir(const model::Video& v);  // ends with '/'
// Held while files of a video are placed or moved between the public and
// the private directories (a job putting new renditions in place, a
// privacy change moving the existing ones), so neither misses the other's
// files. One lock per process (several processes: see the notes).
std::mutex& video_files_mutex();

// "<video uuid>-<resolution>..." of a download URL; nullopt if not that form.
std::optional<std::pair<std::string, int>> parse_download_name(const std::string& name);

}  // namespace vv::api
