// Videos and what hangs off them: tags, files, thumbnails, source, passwords,
// scheduled updates. Remote videos use the same rows (is_local = 0).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "model/account.h"

namespace vv::model {

enum Privacy { kPublic = 1, kUnlisted = 2, kPrivate = 3, kInternal = 4, kPasswordProtected = 5 };
// PeerTube's VideoState numbers.
enum VideoStateId {
  kPublished = 1,
  kToTranscode = 2,
  kToImport = 3,
  kWaitingForLive = 4,
  kLiveEnded = 5,
  kToMoveToExternalStorage = 6,
  kTranscodingFailed = 7,
  kToMoveToExternalStorageFailed = 8,
  kToEdit = 9,
  kToMoveToFileSystem = 10,
  kToMoveToFileSystemFailed = 11,
};

struct VideoFile {
  int64_t id = 0;
  int64_t video_id = 0;
  int resolution = 0;
  int64_t size = 0;
  double fps = 0;
  std::string extname;  // ".mp4"
  std::string filename;
  int width = 0, height = 0;
  bool has_audio = true, has_video = true;
  std::string metadata;  // ffprobe JSON
  std::string torrent_filename, info_hash;
  int64_t created_at = 0;
  // HLS files: the streaming playlist they belong to and their own
  // resolution playlist (.m3u8); web-video files have neither.
  std::optional<int64_t> streaming_playlist_id;
  std::string playlist_filename;
};

// The HLS streaming playlist of a video (PeerTube's type 1): a master
// playlist and a segments-sha256.json beside the per-resolution files.
struct StreamingPlaylist {
  int64_t id = 0;
  std::string playlist_filename, segments_sha256_filename;
};

struct Thumbnail {
  int type = 1;  // 1 thumbnail, 2 preview
  std::string filename;
  int width = 0, height = 0;
  int64_t created_at = 0;
};

struct VideoSource {
  std::string input_filename;
  std::optional<int> resolution, width, height;
  std::optional<double> fps;
  std::optional<int64_t> size;
  std::string metadata;
  int64_t created_at = 0;
};

struct Video {
  int64_t id = 0;
  std::string uuid, name;
  std::optional<int> category, licence;
  std::optional<std::string> language;
  int privacy = kPublic;
  bool nsfw = false;
  std::string description, support;
  int64_t duration = 0;
  int64_t views = 0, likes = 0, dislikes = 0, comments_count = 0;
  bool is_local = true, is_live = false;
  std::string url;
  int comments_policy = 1;
  bool download_enabled = true, wait_transcoding = false;
  int state = kPublished;
  std::optional<double> aspect_ratio;
  int64_t channel_id = 0;
  int64_t published_at = 0;
  std::optional<int64_t> originally_published_at, input_file_updated_at;
  int64_t created_at = 0, updated_at = 0;

  std::vector<std::string> tags;
  std::vector<VideoFile> files;      // web videos (MP4), highest resolution first
  std::vector<VideoFile> hls_files;  // files of the HLS playlist, highest first
  std::optional<StreamingPlaylist> hls;
  std::vector<Thumbnail> thumbnails;
  std::optional<Channel> channel;  // with its owner account
  std::optional<std::pair<int64_t, std::optional<int>>> schedule;  // update_at, privacy
  bool blacklisted = false;
  std::string blacklisted_reason;
  std::vector<std::string> caption_files;
  std::vector<std::string> storyboard_files;
};

// Writes a new video row with its tags; returns the id.
int64_t insert_video(soci::session& s, const Video& v);
// Rewrites the mutable columns and the tags.
void save_video(soci::session& s, const Video& v);
void delete_video(soci::session& s, int64_t id);

// Finds by numeric id, UUID or short UUID; fills tags, files, thumbnails,
// channel and account.
std::optional<Video> find_video(soci::session& s, const std::string& id_or_uuid);
std::optional<Video> find_video_by_id(soci::session& s, int64_t id);

int64_t insert_video_file(soci::session& s, const VideoFile& f);
void delete_video_file(soci::session& s, int64_t file_id);
void set_video_state(soci::session& s, int64_t video_id, int state);
void set_video_media_info(soci::session& s, int64_t video_id, int64_t duration, std::optional<double> aspect_ratio);
// The video's HLS playlist row, created on first use.
StreamingPlaylist ensure_streaming_playlist(soci::session& s, int64_t video_id, const StreamingPlaylist& names);
void delete_streaming_playlist(soci::session& s, int64_t video_id);
void set_file_torrent(soci::session& s, int64_t file_id, const std::string& torrent_filename, const std::string& info_hash);
void insert_thumbnail(soci::session& s, int64_t video_id, const Thumbnail& t);
void replace_thumbnail(soci::session& s, int64_t video_id, const Thumbnail& t, std::vector<std::string>* old_files);
void save_video_source(soci::session& s, int64_t video_id, const VideoSource& src);
std::optional<VideoSource> find_video_source(soci::session& s, int64_t video_id);

std::vector<std::string> video_passwords(soci::session& s, int64_t video_id);
void set_video_passwords(soci::session& s, int64_t video_id, const std::vector<std::string>& passwords);
void set_video_schedule(soci::session& s, int64_t video_id, std::optional<std::pair<int64_t, std::optional<int>>> sched);

// Sum of the sizes of a user's video files (quota), optionally since a time.
int64_t user_video_bytes(soci::session& s, int64_t user_id, std::optional<int64_t> since_ms);

// ---- listing ----

struct VideoListQuery {
  int64_t start = 0, count = 15;
  std::string sort = "-publishedAt";
  bool skip_count = false;

  std::vector<int> category_one_of, licence_one_of, privacy_one_of;
  std::vector<std::string> language_one_of, tags_one_of, tags_all_of;
  std::optional<bool> nsfw, is_local, is_live, has_web_video_files, has_hls_files;
  std::optional<int64_t> account_id, channel_id, owner_user_id;
  std::optional<int64_t> followed_by_actor;  // videos of the channels this actor follows (subscriptions)
  std::string search;  // substring of the name (owner lists)
  std::string fts;     // full-text search on name, tags and description (search endpoints)
  std::optional<int64_t> only_video_id;
  std::optional<int64_t> duration_min, duration_max;        // seconds
  std::optional<int64_t> published_after, published_before; // ms
  std::optional<int64_t> orig_published_after, orig_published_before;

  // Visibility: which privacies and states the viewer may see.
  bool viewer_logged_in = false;
  bool include_all_privacies = false;   // owner lists and moderators with `include`
  bool include_not_published = false;   // owner lists
  bool include_blacklisted = false;     // owner lists and moderators with include & 2
  std::optional<int64_t> known_total;   // skip the COUNT: the caller knows it
  // Sorts: "trending" counts the views of the last `trending_days`; "best"
  // is "hot" minus what `best_user_id` already watched.
  int trending_days = 7;
  std::optional<int64_t> best_user_id;
};

// `total`: when non-null and q.known_total is unset, counted (a full scan of
// the matching videos, the costly part of a list).
std::vector<Video> list_videos(soci::session& s, const VideoListQuery& q, int64_t* total);
// Identifies the set of videos a query matches (everything but paging and
// sort), to cache its count.
std::string count_key(const VideoListQuery& q);

}  // namespace vv::model
