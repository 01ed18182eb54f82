#include "api/video_publish.h"

#include <cctype>
#include <cmath>
#include <fstream>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "api/auth.h"
#include "api/uploaded_image.h"
#include "api/validate.h"
#include "api/video_constants.h"
#include "api/video_chapters.h"
#include "api/video_file_paths.h"
#include "api/video_torrents.h"
#include "api/video_views.h"
#include "core/api_error.h"
#include "core/clock.h"
#include "core/files.h"
#include "core/ids.h"
#include "jobs/video_pipeline.h"
#include "media/image.h"
#include "media/probe.h"
#include "media/thumbnail.h"

namespace vv::api {

namespace json = boost::json;
namespace fs = std::filesystem;

json::object form_to_json(const std::vector<std::pair<std::string, std::string>>& form) {
  json::object o;
  for (const auto& [key, value] : form) {
    auto bracket = key.find('[');
    if (bracket == std::string::npos) {
      o[key] = value;
      continue;
    }
    std::string base = key.substr(0, bracket);
    std::string inner = key.substr(bracket + 1, key.find(']', bracket) - bracket - 1);
    bool index = inner.empty() || std::all_of(inner.begin(), inner.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (index) {
      if (!o[base].is_array()) o[base] = json::array();
      o[base].as_array().emplace_back(value);
    } else {
      if (!o[base].is_object()) o[base] = json::object();
      o[base].as_object()[inner] = value;
    }
  }
  return o;
}

static bool present(const json::object& o, const char* k) { return o.contains(k); }
static bool is_null_or_empty(const json::value& v) { return v.is_null() || (v.is_string() && v.as_string().empty()); }

VideoMetadata parse_video_metadata(const json::object& b, bool creating) {
  VideoMetadata m;
  if (creating || present(b, "name")) {
    auto it = b.find("name");
    if (it == b.end() || !it->value().is_string())
      throw invalid_param("name", "Should have a video name between 3 and 120 characters long", "body",
                          it == b.end() ? json::value(nullptr) : it->value());
    std::string name(it->value().as_string());
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.front()))) name.erase(name.begin());
    size_t len = 0;
    for (unsigned char c : name) len += (c & 0xC0) != 0x80;
    if (len < 3 || len > 120)
      throw invalid_param("name", "Should have a video name between 3 and 120 characters long", "body", it->value());
    m.name = name;
  }
  if (creating || present(b, "channelId")) {
    auto id = opt_int(b, "channelId", 1, INT64_MAX);
    if (!id) throw invalid_param("channelId", "Should have correct video channel id");
    m.channel_id = *id;
  }
  if (auto it = b.find("category"); it != b.end()) {
    if (is_null_or_empty(it->value())) m.category = std::optional<int>();
    else {
      auto c = opt_int(b, "category", 1, 1000);
      if (!category_label(static_cast<int>(*c))) throw invalid_param("category", "Should have a valid category", "body", it->value());
      m.category = static_cast<int>(*c);
    }
  }
  if (auto it = b.find("licence"); it != b.end()) {
    if (is_null_or_empty(it->value())) m.licence = std::optional<int>();
    else {
      auto c = opt_int(b, "licence", 1, 1000);
      if (!licence_label(static_cast<int>(*c))) throw invalid_param("licence", "Should have a valid licence", "body", it->value());
      m.licence = static_cast<int>(*c);
    }
  }
  if (auto it = b.find("language"); it != b.end()) {
    if (is_null_or_empty(it->value())) m.language = std::optional<std::string>();
    else {
      if (!it->value().is_string() || !language_label(std::string(it->value().as_string())))
        throw invalid_param("language", "Should have a valid language", "body", it->value());
      m.language = std::string(it->value().as_string());
    }
  }
  if (auto p = opt_int(b, "privacy", 1, 5)) m.privacy = static_cast<int>(*p);
  if (auto it = b.find("description"); it != b.end()) {
    if (it->value().is_null()) m.description = "";
    else m.description = opt_string(b, "description", 3, 10000).value_or("");
  }
  if (auto it = b.find("support"); it != b.end()) {
    if (it->value().is_null()) m.support = "";
    else m.support = opt_string(b, "support", 3, 1000).value_or("");
  }
  if (auto it = b.find("tags"); it != b.end() && !it->value().is_null()) {
    const char* msg = "Should have an array of up to 5 tags between 2 and 30 characters each";
    std::vector<std::string> tags;
    json::array arr;
    if (it->value().is_array()) arr = it->value().as_array();
    else if (it->value().is_string()) arr.push_back(it->value());  // a single form field
    else throw invalid_param("tags", msg, "body", it->value());
    if (arr.size() > 5) throw invalid_param("tags", msg, "body", it->value());
    for (const auto& t : arr) {
      if (!t.is_string()) throw invalid_param("tags", msg, "body", it->value());
      std::string tag(t.as_string());
      size_t len = 0;
      for (unsigned char c : tag) len += (c & 0xC0) != 0x80;
      if (len < 2 || len > 30) throw invalid_param("tags", msg, "body", it->value());
      if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
    }
    m.tags = std::move(tags);
  }
  m.nsfw = opt_bool(b, "nsfw");
  m.download_enabled = opt_bool(b, "downloadEnabled");
  m.wait_transcoding = opt_bool(b, "waitTranscoding");
  if (auto cp = opt_int(b, "commentsPolicy", 1, 3)) m.comments_policy = static_cast<int>(*cp);
  else if (auto ce = opt_bool(b, "commentsEnabled")) m.comments_policy = *ce ? 1 : 2;  // legacy field
  if (auto it = b.find("originallyPublishedAt"); it != b.end()) {
    if (is_null_or_empty(it->value())) m.originally_published_at = std::optional<int64_t>();
    else {
      std::optional<int64_t> t;
      if (it->value().is_string()) t = parse_iso8601(std::string(it->value().as_string()));
      if (!t) throw invalid_param("originallyPublishedAt", "Should have a valid original publication date", "body", it->value());
      m.originally_published_at = *t;
    }
  }
  if (auto it = b.find("scheduleUpdate"); it != b.end()) {
    if (is_null_or_empty(it->value())) m.schedule = std::optional<std::pair<int64_t, std::optional<int>>>();
    else {
      if (!it->value().is_object()) throw invalid_param("scheduleUpdate", "Should be an object", "body", it->value());
      const auto& su = it->value().as_object();
      auto at = su.find("updateAt");
      if (at == su.end()) throw ApiError(400, "Schedule update at is mandatory.");
      std::optional<int64_t> t;
      if (at->value().is_string()) t = parse_iso8601(std::string(at->value().as_string()));
      if (!t) throw invalid_param("scheduleUpdate.updateAt", "Should have a schedule update date that conforms to ISO 8601", "body", at->value());
      std::optional<int> privacy;
      if (auto p = su.find("privacy"); p != su.end() && !p->value().is_null()) {
        auto pv = opt_int(su, "privacy", 1, 5);
        if (*pv != model::kPublic && *pv != model::kUnlisted && *pv != model::kInternal)
          throw invalid_param("scheduleUpdate.privacy", "Should have correct schedule update privacy", "body", p->value());
        privacy = static_cast<int>(*pv);
      }
      m.schedule = std::make_pair(*t, privacy);
    }
  }
  if (auto it = b.find("videoPasswords"); it != b.end() && !it->value().is_null()) {
    json::array arr;
    if (it->value().is_array()) arr = it->value().as_array();
    else if (it->value().is_string()) arr.push_back(it->value());
    else throw invalid_param("videoPasswords", "Should have a valid list of passwords", "body", it->value());
    std::vector<std::string> pws;
    for (const auto& p : arr) {
      if (!p.is_string() || p.as_string().size() < 2 || p.as_string().size() > 100)
        throw invalid_param("videoPasswords", "Should have passwords of 2 to 100 characters", "body", it->value());
      std::string pw(p.as_string());
      if (std::find(pws.begin(), pws.end(), pw) != pws.end())
        throw invalid_param("videoPasswords", "Should have unique passwords", "body", it->value());
      pws.push_back(pw);
    }
    m.passwords = std::move(pws);
  }
  if (m.privacy && *m.privacy == model::kPasswordProtected && (!m.passwords || m.passwords->empty()))
    throw invalid_param("videoPasswords", "Should have a password when the video is password protected");
  return m;
}

void check_quota(ApiContext& ctx, soci::session& s, const model::User& user, int64_t incoming) {
  auto over = [&](int64_t quota, std::optional<int64_t> since) {
    return quota >= 0 && model::user_video_bytes(s, user.id, since) + incoming > quota;
  };
  if (over(user.video_quota, std::nullopt) || over(user.video_quota_daily, now_ms() - 86'400'000))
    throw ApiError(413, "The user video quota is exceeded with this video.", "quota_reached");
}

model::Channel upload_channel(ApiContext& ctx, soci::session& s, const model::User& user, int64_t channel_id) {
  auto ch = model::find_channel(s, channel_id);
  if (!ch || ch->actor.host) throw ApiError(400, "Unknown video channel for this account.");
  // Those who may update any video may also publish in any local channel.
  if (has_right(user.role, Right::update_any_video)) return *ch;
  bool mine = ch->owner && ch->owner->user_id && *ch->owner->user_id == user.id;
  if (!mine) throw ApiError(403, "Cannot use this video channel of another account.");
  return *ch;
}

bool upload_extension_allowed(const Config& cfg, const std::string& filename) {
  auto dot = filename.rfind('.');
  if (dot == std::string::npos) return false;
  std::string ext = http::to_lower(filename.substr(dot));
  static const char* base[] = {".mp4", ".webm", ".ogv"};
  static const char* more[] = {".ogg", ".mkv", ".mov", ".qt", ".mqv", ".m4v", ".flv", ".f4v", ".wmv", ".avi", ".3gp",
                               ".3gpp", ".3g2", ".3gpp2", ".nut", ".mts", ".ts", ".m2ts", ".mpv", ".m2v", ".m1v",
                               ".mpg", ".mpe", ".mpeg", ".vob", ".mxf"};
  static const char* audio[] = {".mp3", ".ogg", ".wma", ".wav", ".flac", ".aac", ".m4a", ".ac3"};
  for (auto* e : base)
    if (ext == e) return true;
  if (!cfg.boolean("transcoding.enabled", true)) return false;
  if (cfg.boolean("transcoding.allow_additional_extensions", true))
    for (auto* e : more)
      if (ext == e) return true;
  if (cfg.boolean("transcoding.allow_audio_files", true))
    for (auto* e : audio)
      if (ext == e) return true;
  return false;
}

std::string web_videos_dir(ApiContext& ctx, bool private_files) {
  fs::path dir = ctx.cfg()->storage_dir("web_videos");
  if (private_files) dir /= "private";
  return dir.string();
}

// A picture of `size` into `out`: the uploaded image if any, else a frame.
static void make_image(const std::optional<std::string>& uploaded, const std::string& media, const media::ProbeResult& pr,
                       media::ImageSize size, const fs::path& out, const char* field) {
  if (uploaded) {
    std::ifstream in(*uploaded, std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), {});
    std::string msg = std::string("This ") + (std::string(field) == "thumbnailfile" ? "thumbnail" : "preview") +
                      " file is not supported or too large. Please, make sure it is of the following type: .png, .jpg, .jpeg, .webp";
    if (data.size() > 8 * 1024 * 1024 || !media::is_supported_image(data)) throw invalid_param(field, msg);
    std::string jpeg = resize_uploaded_image(data, size, field, msg);
    std::ofstream(out, std::ios::binary).write(jpeg.data(), static_cast<std::streamsize>(jpeg.size()));
    return;
  }
  bool ok = pr.has_video ? media::frame_to_jpeg(media, pr.duration / 2, size, out.string()) : false;
  if (!ok && pr.has_video) ok = media::frame_to_jpeg(media, 0, size, out.string());
  if (!ok) ok = media::blank_jpeg(size, out.string());
  if (!ok) throw std::runtime_error("cannot make a thumbnail");
}

CreatedVideo create_video(ApiContext& ctx, const model::User& user, const VideoMetadata& meta, const NewVideoFiles& files) {
  auto cfg = ctx.cfg();
  auto pr = media::probe(files.media_path);
  if (!pr) throw ApiError(422, "Video file unreadable.");
  std::error_code ec;
  int64_t size = static_cast<int64_t>(fs::file_size(files.media_path, ec));

  model::Video v;
  v.uuid = uuid_v4();
  v.url = ctx.base_url() + "/videos/watch/" + v.uuid;
  v.name = meta.name.value_or("");
  v.channel_id = meta.channel_id.value_or(0);
  // The API's default is private (defaults.publish.* only prefill the web form).
  v.privacy = meta.privacy.value_or(model::kPrivate);
  v.comments_policy = meta.comments_policy.value_or(static_cast<int>(cfg->integer("defaults.publish.comments_policy", 1)));
  v.download_enabled = meta.download_enabled.value_or(cfg->boolean("defaults.publish.download_enabled", true));
  if (!meta.licence && cfg->has("defaults.publish.licence")) v.licence = static_cast<int>(cfg->integer("defaults.publish.licence"));
  apply_metadata(ctx, v, meta);
  v.duration = static_cast<int64_t>(std::llround(pr->duration));
  // Transcoded videos wait for their files (the upload is served meanwhile).
  bool transcode = jobs::transcoding_enabled(*cfg);
  v.state = transcode ? model::kToTranscode : model::kPublished;
  if (pr->has_video && pr->height > 0) v.aspect_ratio = std::round(1000.0 * pr->width / pr->height) / 1000.0;
  int64_t now = now_ms();
  v.created_at = v.updated_at = v.published_at = now;  // input_file_updated_at: set when the file is replaced

  // Files first, rows after: a failed insert removes the files again.
  std::string ext = http::to_lower(fs::path(files.original_filename).extension().string());
  if (ext.empty() || ext.size() > 8) ext = ".mp4";
  model::VideoFile vf;
  vf.resolution = pr->resolution();
  vf.size = size;
  vf.fps = std::round(pr->fps * 100) / 100;
  vf.extname = ext;
  vf.filename = uuid_v4() + "-" + std::to_string(vf.resolution) + ext;
  vf.width = pr->width;
  vf.height = pr->height;
  vf.has_audio = pr->has_audio;
  vf.has_video = pr->has_video;
  vf.metadata = media::metadata_json(*pr);

  fs::path thumbs_dir = cfg->storage_dir("thumbnails"), previews_dir = cfg->storage_dir("previews");
  fs::create_directories(thumbs_dir);
  fs::create_directories(previews_dir);
  model::Thumbnail thumb{1, uuid_v4() + ".jpg", media::kThumbnailSize.width, media::kThumbnailSize.height, now};
  model::Thumbnail preview{2, uuid_v4() + ".jpg", media::kPreviewSize.width, media::kPreviewSize.height, now};
  fs::path video_path = fs::path(web_videos_dir(ctx, v)) / vf.filename;
  std::vector<fs::path> created;
  try {
    make_image(files.thumbnail_path, files.media_path, *pr, media::kThumbnailSize, thumbs_dir / thumb.filename, "thumbnailfile");
    created.push_back(thumbs_dir / thumb.filename);
    make_image(files.preview_path, files.media_path, *pr, media::kPreviewSize, previews_dir / preview.filename, "previewfile");
    created.push_back(previews_dir / preview.filename);
    move_file(files.media_path, video_path);
    created.push_back(video_path);
    // The upload is replaced by the transcoded files: no torrent for it.
    if (!transcode) {
      build_torrent(ctx, v, vf);
      created.push_back(ctx.cfg()->storage_dir("torrents") / vf.torrent_filename);
    }

    model::VideoSource src;
    src.input_filename = files.original_filename;
    src.resolution = vf.resolution;
    src.width = vf.width;
    src.height = vf.height;
    src.fps = vf.fps;
    src.size = size;
    src.metadata = media::metadata_json(*pr);

    int64_t id = ctx.db.write([&](soci::session& s) {
      upload_channel(ctx, s, user, v.channel_id);  // still ours?
      check_quota(ctx, s, user, size);
      int64_t vid = model::insert_video(s, v);
      vf.video_id = vid;
      model::insert_video_file(s, vf);
      model::insert_thumbnail(s, vid, thumb);
      model::insert_thumbnail(s, vid, preview);
      model::save_video_source(s, vid, src);
      if (meta.passwords && v.privacy == model::kPasswordProtected) model::set_video_passwords(s, vid, *meta.passwords);
      if (meta.schedule && *meta.schedule) model::set_video_schedule(s, vid, *meta.schedule);
      replace_chapters_from_description(s, vid, "", v.description);
      if (transcode) {
        v.id = vid;
        jobs::enqueue_upload_jobs(s, ctx, v, !pr->has_video, user.id);
      }
      return vid;
    });
    if (transcode && ctx.jobs) ctx.jobs->notify();
    return {id, v.uuid};
  } catch (...) {
    for (const auto& p : created) fs::remove(p, ec);
    throw;
  }
}

void apply_metadata(ApiContext& ctx, model::Video& v, const VideoMetadata& m) {
  if (m.name) v.name = *m.name;
  if (m.channel_id) v.channel_id = *m.channel_id;
  if (m.category) v.category = *m.category;
  if (m.licence) v.licence = *m.licence;
  if (m.language) v.language = *m.language;
  if (m.privacy) v.privacy = *m.privacy;
  if (m.description) v.description = *m.description;
  if (m.support) v.support = *m.support;
  if (m.tags) v.tags = *m.tags;
  if (m.nsfw) v.nsfw = *m.nsfw;
  if (m.download_enabled) v.download_enabled = *m.download_enabled;
  if (m.wait_transcoding) v.wait_transcoding = *m.wait_transcoding;
  if (m.comments_policy) v.comments_policy = *m.comments_policy;
  if (m.originally_published_at) v.originally_published_at = *m.originally_published_at;
  if (m.schedule) v.schedule = *m.schedule;
}

void rebuild_torrents(ApiContext& ctx, model::Video& v) {
  std::vector<model::VideoFile*> all;
  for (auto& f : v.files) all.push_back(&f);
  for (auto& f : v.hls_files) all.push_back(&f);
  for (auto* fp : all) {
    auto& f = *fp;
    try {
      build_torrent(ctx, v, f);
      ctx.db.write([&](soci::session& s) { model::set_file_torrent(s, f.id, f.torrent_filename, f.info_hash); });
    } catch (const std::exception& e) {
      spdlog::warn("video {}: cannot rebuild the torrent of file {}: {}", v.uuid, f.filename, e.what());
    }
  }
}

void move_files_for_privacy(ApiContext& ctx, const model::Video& v, bool were_private) {
  if (were_private == files_are_private(v)) return;
  std::lock_guard lock(video_files_mutex());
  // The rows as they are now: a transcoding job may have added files since
  // `v` was read (it places them under this lock, in the old directory).
  auto fresh = ctx.db.read([&](soci::session& s) { return model::find_video_by_id(s, v.id); });
  const auto& files = fresh ? fresh->files : v.files;
  fs::path from = web_videos_dir(ctx, were_private), to = web_videos_dir(ctx, v);
  for (const auto& f : files) {
    std::error_code ec;
    if (fs::exists(from / f.filename, ec)) move_file(from / f.filename, to / f.filename);
  }
  std::error_code ec;
  fs::path hls_from = hls_dir(ctx, v.uuid, were_private), hls_to = hls_dir(ctx, v);
  if (fs::exists(hls_from, ec)) {
    fs::create_directories(hls_to.parent_path());
    fs::rename(hls_from, hls_to, ec);
  }
}

std::vector<model::Video> videos_of(soci::session& s, std::optional<int64_t> owner_user_id, std::optional<int64_t> channel_id) {
  model::VideoListQuery q;
  q.owner_user_id = owner_user_id;
  q.channel_id = channel_id;
  q.include_all_privacies = q.include_not_published = q.include_blacklisted = true;
  q.count = 1'000'000;
  q.skip_count = true;
  return model::list_videos(s, q, nullptr);
}

void remove_video_files(ApiContext& ctx, const model::Video& v) {
  auto cfg = ctx.cfg();
  std::error_code ec;
  for (const auto& f : v.files) {
    fs::remove(fs::path(web_videos_dir(ctx, false)) / f.filename, ec);
    fs::remove(fs::path(web_videos_dir(ctx, true)) / f.filename, ec);
  }
  for (const auto& t : v.thumbnails)
    fs::remove(cfg->storage_dir(t.type == 1 ? "thumbnails" : "previews") / t.filename, ec);
  for (const auto& f : v.files)
    if (!f.torrent_filename.empty()) fs::remove(cfg->storage_dir("torrents") / f.torrent_filename, ec);
  for (const auto& f : v.hls_files)
    if (!f.torrent_filename.empty()) fs::remove(cfg->storage_dir("torrents") / f.torrent_filename, ec);
  fs::remove_all(hls_dir(ctx, v.uuid, false), ec);
  fs::remove_all(hls_dir(ctx, v.uuid, true), ec);
  fs::remove_all(cfg->storage_dir("original_video_files") / v.uuid, ec);
  for (const auto& name : v.storyboard_files) fs::remove(cfg->storage_dir("storyboards") / name, ec);
  // Caption files are named <uuid>-<lang>.vtt; their rows went with the video.
  for (const auto& name : v.caption_files) fs::remove(cfg->storage_dir("captions") / name, ec);
}

}  // namespace vv::api
