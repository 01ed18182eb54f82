// Turning an uploaded file and its metadata into a video: validation of the
// metadata (shared by legacy upload, resumable upload and PUT), quota checks,
// probing, thumbnails and the rows. Until the transcoding pipeline exists the
// uploaded file itself becomes the video's single web-video file.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "api/context.h"
#include "http/message.h"
#include "model/user.h"
#include "api/video_views.h"
#include "model/video.h"

namespace vv::api {

// Validated metadata. Absent fields stay nullopt so PUT changes only what it got.
struct VideoMetadata {
  std::optional<std::string> name;
  std::optional<int64_t> channel_id;
  std::optional<std::optional<int>> category, licence;          // inner nullopt: cleared
  std::optional<std::optional<std::string>> language;
  std::optional<int> privacy;
  std::optional<std::string> description, support;              // "" clears
  std::optional<std::vector<std::string>> tags;
  std::optional<bool> nsfw, download_enabled, wait_transcoding;
  std::optional<int> comments_policy;
  std::optional<std::optional<int64_t>> originally_published_at;
  std::optional<std::optional<std::pair<int64_t, std::optional<int>>>> schedule;
  std::optional<std::vector<std::string>> passwords;
};

// Multipart form fields ("tags[0]", "tags[]", "scheduleUpdate[updateAt]") as
// a JSON object like the one a JSON body would give.
boost::json::object form_to_json(const std::vector<std::pair<std::string, std::string>>& form);

VideoMetadata parse_video_metadata(const boost::json::object& body, bool creating);

// Throws 413 quota_reached when `incoming` bytes would exceed a quota.
void check_quota(ApiContext& ctx, soci::session& s, const model::User& user, int64_t incoming);

// Channel the user may upload to (404 unknown, 403 someone else's).
model::Channel upload_channel(ApiContext& ctx, soci::session& s, const model::User& user, int64_t channel_id);

// File extension allowed for uploads (".mp4", ...), per the transcoding config.
bool upload_extension_allowed(const Config& cfg, const std::string& filename);

struct NewVideoFiles {
  std::string media_path;         // the uploaded file (moved away on success)
  std::string original_filename;  // as the client named it
  std::optional<std::string> thumbnail_path, preview_path;  // uploaded pictures
};

struct CreatedVideo {
  int64_t id;
  std::string uuid;
};

// Probes (422 when unreadable), makes thumbnails, stores the file and the rows.
CreatedVideo create_video(ApiContext& ctx, const model::User& user, const VideoMetadata& meta, const NewVideoFiles& files);

// Applies metadata to a video row (no I/O besides moving files between the
// public and private directories when the privacy changes).
void apply_metadata(ApiContext& ctx, model::Video& v, const VideoMetadata& meta);
// Moves the files between the public and private directories after a
// privacy or block change (`were_private`: files_are_private before).
void move_files_for_privacy(ApiContext& ctx, const model::Video& v, bool were_private);
// Rebuilds the torrents of a video (their web seeds name the file URLs).
void rebuild_torrents(ApiContext& ctx, model::Video& v);

// Directory of web-video files: public, or private (see files_are_private).
std::string web_videos_dir(ApiContext& ctx, bool private_files);
inline std::string web_videos_dir(ApiContext& ctx, const model::Video& v) { return web_videos_dir(ctx, files_are_private(v)); }
// Deletes every file of a video (after its rows are gone).
void remove_video_files(ApiContext& ctx, const model::Video& v);
// The videos a user or a channel is about to lose with it (ON DELETE
// CASCADE removes the rows; the files are ours to remove).
std::vector<model::Video> videos_of(soci::session& s, std::optional<int64_t> owner_user_id, std::optional<int64_t> channel_id);

}  // namespace vv::api
