#include "jobs/video_pipeline.h"

#include <cmath>
#include <fstream>
#include <mutex>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "api/video_file_paths.h"
#include "api/video_publish.h"
#include "api/video_torrents.h"
#include "core/clock.h"
#include "core/files.h"
#include "core/ids.h"
#include "media/hls.h"
#include "media/probe.h"
#include "media/transcode.h"
#include "media/transcode_profile.h"
#include "model/job.h"
#include "model/storyboard.h"

namespace vv::jobs {

namespace fs = std::filesystem;
namespace json = boost::json;
using api::ApiContext;

namespace {

// ---- small helpers ----

std::string str_of(const json::object& o, const char* k) {
  auto v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}
int64_t int_of(const json::object& o, const char* k, int64_t def = 0) {
  auto v = o.if_contains(k);
  if (!v) return def;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->as_uint64());
  if (v->is_double()) return static_cast<int64_t>(v->as_double());
  return def;
}
bool bool_of(const json::object& o, const char* k, bool def) {
  auto v = o.if_contains(k);
  return v && v->is_bool() ? v->as_bool() : def;
}

media::LadderConfig ladder_config(const Config& cfg) {
  media::LadderConfig c;
  for (int r : {0, 144, 240, 360, 480, 720, 1080, 1440, 2160})
    if (cfg.boolean("transcoding.resolutions." + std::to_string(r) + "p", false)) c.enabled.insert(r);
  c.always_transcode_original_resolution = cfg.boolean("transcoding.always_transcode_original_resolution", true);
  c.fps_max = static_cast<int>(cfg.integer("transcoding.fps.max", 60));
  return c;
}

// A fresh directory per job attempt, removed when the attempt ends however
// it ends (a failed ffmpeg leaves partial outputs there).
struct WorkDir {
  fs::path path;
  WorkDir(ApiContext& ctx, int64_t job_id)
      : path(ctx.cfg()->storage_dir("tmp") / "transcoding" / ("job-" + std::to_string(job_id))) {
    std::error_code ec;
    fs::remove_all(path, ec);
    fs::create_directories(path);
  }
  ~WorkDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  WorkDir(const WorkDir&) = delete;
  WorkDir& operator=(const WorkDir&) = delete;
};

model::VideoFile file_from_probe(const media::ProbeResult& p, const fs::path& path) {
  model::VideoFile f;
  f.has_video = p.has_video;
  f.has_audio = p.has_audio;
  f.width = p.has_video ? p.display_width() : 0;
  f.height = p.has_video ? p.display_height() : 0;
  f.resolution = p.has_video ? std::min(f.width, f.height) : 0;
  f.fps = p.has_video ? std::round(p.fps) : 0;
  std::error_code ec;
  f.size = static_cast<int64_t>(fs::file_size(path, ec));
  f.extname = ".mp4";
  f.filename = path.filename().string();
  f.metadata = media::metadata_json(p);
  return f;
}

// Priority of a user's transcoding: PeerTube's 100 + the videos they
// uploaded in the last 7 days (heavy uploaders wait behind others).
int transcoding_priority(soci::session& s, int64_t user_id) {
  long long uid = user_id, since = now_ms() - 7 * 86'400'000LL, n = 0;
  s << "SELECT COUNT(*) FROM videos v JOIN video_channels vc ON vc.id = v.channel_id JOIN accounts a ON a.id = "
       "vc.account_id WHERE a.user_id = :u AND v.created_at >= :t",
      soci::use(uid), soci::use(since), soci::into(n);
  return 100 + static_cast<int>(n);
}

void enqueue(soci::session& s, ApiContext& ctx, const std::string& type, json::object payload, int64_t video_id,
             int priority, std::optional<int64_t> parent = std::nullopt) {
  model::NewJob j;
  j.type = type;
  j.payload = json::serialize(payload);
  j.priority = priority;
  j.video_id = video_id;
  j.parent_id = parent;
  if (ctx.jobs) ctx.jobs->enqueue(s, j);
  else model::insert_job(s, ctx.db.dialect(), j, now_ms());
}

void publish_if_waiting(soci::session& s, const model::Video& v, bool is_new_video) {
  if (v.state != model::kToTranscode) return;
  model::set_video_state(s, v.id, model::kPublished);
  if (!is_new_video) return;
  // A new video is published now, not when its upload began.
  long long id = v.id, now = now_ms();
  s << "UPDATE videos SET published_at = :p WHERE id = :id", soci::use(now), soci::use(id);
}

void enqueue_storyboard(soci::session& s, ApiContext& ctx, const model::Video& v, int priority) {
  if (!ctx.cfg()->boolean("storyboards.enabled", true)) return;
  enqueue(s, ctx, kStoryboardJob, json::object{{"videoUUID", v.uuid}, {"federate", false}}, v.id, priority);
}

// The privacy (and block) of `v` as it is now: it decides the directory of
// files placed after a long ffmpeg run. Call under api::video_files_mutex().
void refresh_privacy(ApiContext& ctx, model::Video& v) {
  if (auto fresh = ctx.db.read([&](soci::session& s) { return model::find_video_by_id(s, v.id); })) {
    v.privacy = fresh->privacy;
    v.blacklisted = fresh->blacklisted;
  }
}

std::vector<fs::path> file_paths_with_torrent(ApiContext& ctx, const model::Video& v, const model::VideoFile& f) {
  std::vector<fs::path> out{api::file_disk_path(ctx, v, f)};
  if (f.streaming_playlist_id && !f.playlist_filename.empty()) out.push_back(api::hls_dir(ctx, v) / f.playlist_filename);
  if (!f.torrent_filename.empty()) out.push_back(ctx.cfg()->storage_dir("torrents") / f.torrent_filename);
  return out;
}

void remove_paths(const std::vector<fs::path>& paths) {
  std::error_code ec;
  for (const auto& p : paths) fs::remove(p, ec);
}

// Files put in place before the transaction that references them: removed
// again unless that transaction committed (disarm()).
struct PlacedFiles {
  std::vector<fs::path> paths;
  bool armed = true;
  void disarm() { armed = false; }
  ~PlacedFiles() {
    if (armed) remove_paths(paths);
  }
};

// Rewrites the master playlist and segments-sha256.json of `v` (whose
// hls_files are the rows as they will be committed). `new_hashes` are the
// ranges of the file just added; the others keep their entries.
// The master playlist and segments-sha256.json of `v` (whose hls_files are
// the rows as they will be committed). `new_hashes` are the ranges of the
// file just added; the others keep their entries from the file on disk.
struct HlsIndex {
  fs::path dir;
  std::string sha_name, sha, master_name, master;
};

std::optional<HlsIndex> build_hls_index(ApiContext& ctx, const model::Video& v, const std::string& new_file,
                                        const json::object& new_hashes) {
  if (!v.hls) return std::nullopt;
  HlsIndex out{api::hls_dir(ctx, v), v.hls->segments_sha256_filename, "", v.hls->playlist_filename, ""};
  json::object sha;
  {
    boost::system::error_code ec;
    auto old = json::parse(read_file(out.dir / out.sha_name), ec);
    if (!ec && old.is_object()) sha = old.as_object();
  }
  json::object kept;
  std::vector<media::MasterEntry> entries;
  for (const auto& f : v.hls_files) {
    if (f.filename == new_file) kept[f.filename] = new_hashes;
    else if (auto it = sha.find(f.filename); it != sha.end()) kept[f.filename] = it->value();
    auto p = media::parse_probe_json(f.metadata);
    media::MasterEntry e;
    e.resolution = f.resolution;
    e.width = f.width;
    e.height = f.height;
    e.fps = static_cast<int>(std::round(f.fps));
    e.bandwidth = v.duration > 0 ? static_cast<int64_t>(std::ceil(f.size * 8.0 / v.duration)) : f.size;
    e.codecs = p ? media::codecs_of(*p) : "avc1.64001f,mp4a.40.2";
    e.playlist_filename = f.playlist_filename;
    e.has_video = f.has_video;
    e.has_audio = f.has_audio;
    entries.push_back(std::move(e));
  }
  out.sha = json::serialize(kept);
  out.master = media::master_playlist(entries);
  return out;
}

// Written only once the rows it describes are committed: a rolled-back
// transaction must not leave a master playlist naming a missing file.
void write_hls_index(const HlsIndex& index) {
  write_file_atomically(index.dir / index.sha_name, index.sha);
  write_file_atomically(index.dir / index.master_name, index.master);
}

std::mutex g_hls_mutex;  // one HLS index rewrite at a time in this process

json::object hls_job_payload(const model::Video& v, const model::VideoFile& f, bool delete_web, bool max_quality,
                             bool is_new, bool separated_audio = false) {
  return json::object{{"type", "new-resolution-to-hls"},
                      {"videoUUID", v.uuid},
                      {"resolution", f.resolution},
                      {"fps", f.fps},
                      {"copyCodecs", true},
                      {"separatedAudio", separated_audio},
                      {"deleteWebVideoFiles", delete_web},
                      {"isMaxQuality", max_quality},
                      {"isNewVideo", is_new},
                      {"hasChildren", false}};
}

// A killed ffmpeg (signal) may do better next time; one that refused the
// input will refuse it again.
[[noreturn]] void ffmpeg_failed(const media::FfmpegResult& res) {
  if (res.cancelled) throw std::runtime_error("Transcoding was stopped.");
  if (res.killed) throw std::runtime_error("ffmpeg was killed: " + res.error);
  // Only what ffmpeg says about its input is final; a full disk or a
  // missing descriptor is worth the remaining attempts.
  static const char* input_errors[] = {"Invalid data found",       "moov atom not found",  "Cannot determine format",
                                       "could not find codec para", "does not contain any stream",
                                       "Error while decoding",      "Invalid NAL unit",     "error reading header",
                                       "Decoding requested, but no decoder"};
  for (const char* marker : input_errors)
    if (res.error.find(marker) != std::string::npos) throw PermanentJobError("ffmpeg failed: " + res.error);
  throw std::runtime_error("ffmpeg failed: " + res.error);
}

// ---- video-transcoding: optimize-to-web-video / merge-audio-to-web-video ----

void run_optimize(JobRun& run, ApiContext& ctx) {
  auto cfg = ctx.cfg();
  const auto& pl = run.payload();
  std::string uuid = str_of(pl, "videoUUID");
  auto v = ctx.db.read([&](soci::session& s) { return model::find_video(s, uuid); });
  if (!v) return;  // deleted meanwhile
  const model::VideoFile* in = !v->files.empty() ? &v->files[0] : !v->hls_files.empty() ? &v->hls_files[0] : nullptr;
  if (!in) throw std::runtime_error("The video has no file to transcode.");
  fs::path input = api::file_disk_path(ctx, *v, *in);
  auto pr = media::probe(input.string());
  if (!pr) throw PermanentJobError("The video file cannot be read (is it corrupt or truncated?).");

  auto ladder = ladder_config(*cfg);
  bool create_hls = bool_of(pl, "createHLS", cfg->boolean("transcoding.hls.enabled", true));
  bool keep_web = bool_of(pl, "keepWebVideos", cfg->boolean("transcoding.web_videos.enabled", false) || !create_hls);
  media::EncodeOptions eo{static_cast<int>(cfg->integer("transcoding.threads", 1)), keep_web};
  WorkDir work(ctx, run.job().id);
  const fs::path& dir = work.path;
  std::vector<media::Rendition> outs;
  std::vector<std::string> cmd;
  bool audio_only = !pr->has_video;
  if (audio_only) {
    // A still picture (the preview) under the sound, as PeerTube does.
    fs::path picture;
    for (const auto& t : v->thumbnails)
      if (t.type == 2) picture = cfg->storage_dir("previews") / t.filename;
    if (picture.empty()) throw std::runtime_error("The audio file has no preview picture to show.");
    // PeerTube: a 480p "video" at 25 fps, and the enabled rungs below it.
    int fps = std::min(25, ladder.fps_max);
    outs.push_back({480, fps, (dir / (uuid_v4() + "-480.mp4")).string()});
    for (int r : media::lower_resolutions(480, false, ladder))
      outs.push_back({r, fps, (dir / (uuid_v4() + "-" + std::to_string(r) + ".mp4")).string()});
    cmd = media::audio_merge_command(picture.string(), input.string(), *pr, outs, eo);
  } else {
    int max_res = media::original_file_resolution(pr->resolution(), ladder);
    outs.push_back({max_res, media::output_fps(pr->fps, max_res, true, ladder.fps_max),
                    (dir / (uuid_v4() + "-" + std::to_string(max_res) + ".mp4")).string()});
    for (int r : media::lower_resolutions(max_res, pr->has_audio, ladder))
      outs.push_back({r, media::output_fps(pr->fps, r, false, ladder.fps_max),
                      (dir / (uuid_v4() + "-" + std::to_string(r) + ".mp4")).string()});
    cmd = media::web_videos_command(input.string(), *pr, outs, eo);
  }
  spdlog::info("job {}: transcoding video {} to {} rendition(s)", run.job().id, uuid, outs.size());
  auto res = media::run_ffmpeg(cmd, pr->duration, [&](double f) { run.progress(static_cast<int>(f * 99)); },
                               &run.cancel_flag());
  if (!res.ok) ffmpeg_failed(res);

  std::vector<model::VideoFile> files;
  double out_duration = 0;
  std::optional<double> out_ratio;
  for (const auto& r : outs) {
    auto op = media::probe(r.output);
    if (!op) throw std::runtime_error("ffmpeg wrote an unreadable file for " + std::to_string(r.resolution) + "p.");
    files.push_back(file_from_probe(*op, r.output));
    if (files.size() == 1) {
      out_duration = op->duration;
      if (op->has_video) out_ratio = media::aspect_ratio(op->display_width(), op->display_height());
    }
  }
  // Placed and committed under the files lock, in the directory of the
  // video's privacy as it is now (it may have changed while ffmpeg ran).
  std::lock_guard files_lock(api::video_files_mutex());
  refresh_privacy(ctx, *v);
  fs::path web_dir = api::web_videos_dir(ctx, *v);
  PlacedFiles placed;
  for (auto& f : files) {
    move_file(dir / f.filename, web_dir / f.filename);
    placed.paths.push_back(web_dir / f.filename);
  }
  // Web videos about to be replaced by HLS get no torrent.
  if (keep_web)
    for (auto& f : files) {
      api::build_torrent(ctx, *v, f);
      placed.paths.push_back(cfg->storage_dir("torrents") / f.torrent_filename);
    }

  std::vector<fs::path> stale;
  bool keep_original = cfg->boolean("transcoding.original_file.keep", false) && bool_of(pl, "isNewVideo", false);
  run.complete([&](soci::session& s) {
    auto cur = model::find_video_by_id(s, v->id);
    if (!cur) throw std::runtime_error("The video was deleted.");
    for (const auto& old : cur->files) {
      model::delete_video_file(s, old.id);
      for (auto& p : file_paths_with_torrent(ctx, *cur, old)) stale.push_back(p);
    }
    for (auto& f : files) {
      f.video_id = cur->id;
      f.id = model::insert_video_file(s, f);
    }
    if (audio_only) model::set_video_media_info(s, cur->id, static_cast<int64_t>(std::llround(out_duration)), out_ratio);
    int children = 0;
    if (create_hls) {
      bool is_new = bool_of(pl, "isNewVideo", false);
      // hls.split_audio_and_video: video-only renditions + one audio rendition.
      bool split = cfg->boolean("transcoding.hls.split_audio_and_video", false) && !files.empty() &&
                   files.front().has_audio && files.front().has_video;
      bool first = true;
      for (const auto& f : files) {  // highest first
        if (f.resolution == 0) continue;
        enqueue(s, ctx, kTranscodingJob, hls_job_payload(*cur, f, !keep_web, first, is_new, split), cur->id,
                run.priority() - (first ? 1 : 0), run.job().id);
        first = false;
        ++children;
      }
      if (split) {
        model::VideoFile audio = files.front();
        audio.resolution = 0;
        audio.fps = 0;
        enqueue(s, ctx, kTranscodingJob, hls_job_payload(*cur, audio, !keep_web, false, is_new, true), cur->id,
                run.priority() - 1, run.job().id);
        ++children;
      }
    }
    if (children == 0) {
      publish_if_waiting(s, *cur, bool_of(pl, "isNewVideo", false));
      enqueue_storyboard(s, ctx, *cur, run.priority());
    }
  });
  placed.disarm();
  std::error_code ec;
  for (const auto& p : stale) {
    // The uploaded original may be kept (transcoding.original_file.keep).
    if (keep_original && p.extension() != ".torrent" && fs::exists(p, ec)) {
      move_file(p, cfg->storage_dir("original_video_files") / uuid / p.filename());
      continue;
    }
    fs::remove(p, ec);
  }
}

// ---- video-transcoding: new-resolution-to-hls ----

void run_hls(JobRun& run, ApiContext& ctx) {
  const auto& pl = run.payload();
  std::string uuid = str_of(pl, "videoUUID");
  int resolution = static_cast<int>(int_of(pl, "resolution"));
  auto v = ctx.db.read([&](soci::session& s) { return model::find_video(s, uuid); });
  if (!v) return;
  // The web video of that resolution (or the smallest above it) is copied.
  const model::VideoFile* in = nullptr;
  for (const auto& f : v->files)
    if (f.resolution >= resolution && (!in || f.resolution < in->resolution)) in = &f;
  if (!in) {
    for (const auto& f : v->hls_files)
      if (f.resolution == resolution) return;  // done by an earlier attempt
    throw std::runtime_error("There is no web video file at " + std::to_string(resolution) + "p to build HLS from.");
  }
  fs::path input = api::file_disk_path(ctx, *v, *in);
  WorkDir work(ctx, run.job().id);
  const fs::path& dir = work.path;
  // No web video at exactly this resolution (an HLS re-run on an instance
  // whose ladder grew): encode that rung from the one above first.
  bool separated = bool_of(pl, "separatedAudio", false);
  std::string streams = !separated ? "all" : resolution == 0 ? "audio" : "video";
  // Copied only when the web video is what HLS players expect (H.264 +
  // AAC); an upload served as is (transcoding was off) may be anything.
  auto in_probe = media::parse_probe_json(in->metadata);
  bool compatible = in_probe && (!in_probe->has_video || in_probe->video_codec == "h264") &&
                    (!in_probe->has_audio || in_probe->audio_codec == "aac");
  bool encode = resolution > 0 && (in->resolution != resolution || !compatible);
  if (encode) {
    auto pr = media::probe(input.string());
    if (!pr) throw PermanentJobError("The video file cannot be read (is it corrupt or truncated?).");
    auto cfg = ctx.cfg();
    int fps = media::output_fps(pr->fps, resolution, false, static_cast<int>(cfg->integer("transcoding.fps.max", 60)));
    fs::path rung = dir / ("rung-" + std::to_string(resolution) + ".mp4");
    auto cmd = media::web_videos_command(input.string(), *pr, {{resolution, fps, rung.string()}},
                                         {static_cast<int>(cfg->integer("transcoding.threads", 1)), false});
    auto res = media::run_ffmpeg(cmd, pr->duration, [&](double f) { run.progress(static_cast<int>(f * 70)); },
                                 &run.cancel_flag());
    if (!res.ok) ffmpeg_failed(res);
    input = rung;
  }
  std::string base = uuid_v4() + "-" + std::to_string(resolution);
  std::string frag = base + "-fragmented.mp4", playlist = base + ".m3u8";
  auto cmd = media::hls_copy_command(input.string(), (dir / playlist).string(), (dir / frag).string(), streams);
  auto res = media::run_ffmpeg(cmd, static_cast<double>(v->duration),
                               [&](double f) { run.progress((encode ? 70 : 0) + static_cast<int>(f * (encode ? 20 : 90))); },
                               &run.cancel_flag());
  if (!res.ok) ffmpeg_failed(res);

  std::string m3u8 = media::strip_uri_dirs(read_file(dir / playlist));
  write_file_atomically(dir / playlist, m3u8);
  auto ranges = media::playlist_ranges(m3u8);
  if (ranges.empty()) throw std::runtime_error("ffmpeg wrote an HLS playlist without segments.");
  json::object hashes = media::segment_hashes((dir / frag).string(), ranges);
  auto op = media::probe((dir / frag).string());
  if (!op) throw std::runtime_error("ffmpeg wrote an unreadable HLS file.");
  model::VideoFile f = file_from_probe(*op, dir / frag);
  if (streams == "audio") {
    f.resolution = 0;
    f.fps = 0;
  } else if (!encode) {
    f.resolution = in->resolution;
    f.fps = in->fps;
  }
  f.playlist_filename = playlist;
  f.streaming_playlist_id = 0;  // set in the transaction; marks the file as HLS for paths
  std::lock_guard files_lock(api::video_files_mutex());
  refresh_privacy(ctx, *v);
  fs::path target = api::hls_dir(ctx, *v);
  PlacedFiles placed;
  move_file(dir / frag, target / frag);
  placed.paths.push_back(target / frag);
  move_file(dir / playlist, target / playlist);
  placed.paths.push_back(target / playlist);
  api::build_torrent(ctx, *v, f);
  placed.paths.push_back(ctx.cfg()->storage_dir("torrents") / f.torrent_filename);
  run.progress(95);

  std::vector<fs::path> stale;
  bool delete_web = bool_of(pl, "deleteWebVideoFiles", false);
  {
    std::lock_guard lock(g_hls_mutex);
    std::optional<HlsIndex> index;
    run.complete([&](soci::session& s) {
      // Other processes adding a file to this video's playlist wait for our
      // commit (SQLite's write lock already serialises everything).
      if (ctx.db.engine() == db::Engine::postgres) {
        long long vid = v->id;
        s << "SELECT id FROM videos WHERE id = :id FOR UPDATE", soci::use(vid);
      }
      auto cur = model::find_video_by_id(s, v->id);
      if (!cur) throw std::runtime_error("The video was deleted.");
      auto sp = model::ensure_streaming_playlist(
          s, cur->id, {0, uuid_v4() + "-master.m3u8", uuid_v4() + "-segments-sha256.json"});
      for (const auto& old : cur->hls_files)
        if (old.resolution == f.resolution) {
          model::delete_video_file(s, old.id);
          for (auto& p : file_paths_with_torrent(ctx, *cur, old)) stale.push_back(p);
        }
      f.video_id = cur->id;
      f.streaming_playlist_id = sp.id;
      f.id = model::insert_video_file(s, f);
      bool last = model::pending_jobs_of_video(s, cur->id, kTranscodingJob, run.job().id) == 0;
      if (delete_web && last) {
        for (const auto& w : cur->files) {
          model::delete_video_file(s, w.id);
          for (auto& p : file_paths_with_torrent(ctx, *cur, w)) stale.push_back(p);
        }
      }
      auto now = model::find_video_by_id(s, cur->id);
      index = build_hls_index(ctx, *now, f.filename, hashes);
      publish_if_waiting(s, *cur, bool_of(pl, "isNewVideo", false));
      // The storyboard once every rung exists (it then reads a small one and
      // does not compete with the transcoding for the CPU).
      if (last && bool_of(pl, "isNewVideo", false)) enqueue_storyboard(s, ctx, *cur, run.priority());
    });
    placed.disarm();
    if (index) write_hls_index(*index);
  }
  remove_paths(stale);
}

class TranscodingHandler : public JobHandler {
public:
  explicit TranscodingHandler(ApiContext& ctx) : ctx_(ctx) {}
  void run(JobRun& run) override {
    std::string type = str_of(run.payload(), "type");
    if (type == "optimize-to-web-video" || type == "merge-audio-to-web-video") run_optimize(run, ctx_);
    else if (type == "new-resolution-to-hls") run_hls(run, ctx_);
    else throw std::runtime_error("Unknown transcoding job type " + type);
  }
  // A video still waiting for its files shows that they will not come.
  void on_failed(soci::session& s, const model::Job& job, const std::string& error) override {
    if (!job.video_id) return;
    auto v = model::find_video_by_id(s, *job.video_id);
    if (v && v->state == model::kToTranscode) model::set_video_state(s, v->id, model::kTranscodingFailed);
  }

private:
  ApiContext& ctx_;
};

// ---- generate-video-storyboard ----

class StoryboardHandler : public JobHandler {
public:
  explicit StoryboardHandler(ApiContext& ctx) : ctx_(ctx) {}
  void run(JobRun& run) override {
    constexpr int kSpriteMax = 192, kMaxEdge = 11;
    auto cfg = ctx_.cfg();
    std::string uuid = str_of(run.payload(), "videoUUID");
    auto v = ctx_.db.read([&](soci::session& s) { return model::find_video(s, uuid); });
    if (!v) return;
    const auto& list = !v->hls_files.empty() ? v->hls_files : v->files;  // highest first
    const model::VideoFile* top = nullptr;
    for (const auto& f : list)
      if (f.has_video && f.width > 0 && f.height > 0) {
        top = &f;
        break;
      }
    if (!top) return;
    double duration = static_cast<double>(v->duration);
    if (duration < 3) return;  // PeerTube makes none for very short videos
    double ratio = media::aspect_ratio(top->width, top->height);
    int sw, sh;
    if (top->height > top->width) {
      sh = kSpriteMax;
      sw = static_cast<int>(std::round(kSpriteMax * ratio));
    } else {
      sw = kSpriteMax;
      sh = static_cast<int>(std::round(kSpriteMax / ratio));
    }
    // Sprites are 192 px: the smallest rendition at least that large gives
    // the same picture as the biggest for a fraction of the decoding.
    const model::VideoFile* in = top;
    for (const auto& f : list)
      if (f.has_video && f.width >= sw && f.height >= sh && f.width * f.height < in->width * in->height) in = &f;
    int max_sprites = static_cast<int>(std::min(std::ceil(duration), double(kMaxEdge * kMaxEdge)));
    int sprite_duration = static_cast<int>(std::ceil(duration / max_sprites));
    int total = static_cast<int>(std::ceil(duration / sprite_duration));
    int cols = kMaxEdge, rows = kMaxEdge;
    for (int i = 1, found = 0; i <= kMaxEdge && !found; ++i)
      for (int j = i; j <= kMaxEdge; ++j)
        if (total <= i * j) {
          rows = i;
          cols = j;
          found = 1;
          break;
        }
    WorkDir work(ctx_, run.job().id);
    const fs::path& dir = work.path;
    std::string name = uuid_v4() + ".jpg";
    std::string filter = "setpts='N/FRAME_RATE/TB',select='isnan(prev_selected_t)+gte(t-prev_selected_t," +
                         std::to_string(sprite_duration) + ")',scale=" + std::to_string(sw) + ":" + std::to_string(sh) +
                         ",tile=layout=" + std::to_string(cols) + "x" + std::to_string(rows);
    std::vector<std::string> cmd{"ffmpeg", "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
                                 "-i", api::file_disk_path(ctx_, *v, *in).string(), "-filter_complex", filter,
                                 "-frames:v", "1", "-q:v", "2", (dir / name).string()};
    auto res = media::run_ffmpeg(cmd, duration, [&](double f) { run.progress(static_cast<int>(f * 95)); },
                                 &run.cancel_flag());
    if (!res.ok) ffmpeg_failed(res);
    fs::path target = cfg->storage_dir("storyboards") / name;
    move_file(dir / name, target);
    model::Storyboard sb{name, cols * sw, rows * sh, sw, sh, sprite_duration, 0};
    std::optional<std::string> old;
    try {
      run.complete([&](soci::session& s) {
        if (!model::find_video_by_id(s, v->id)) throw std::runtime_error("The video was deleted.");
        old = model::replace_storyboard(s, v->id, sb);
      });
    } catch (...) {
      std::error_code ec;
      fs::remove(target, ec);
      throw;
    }
    std::error_code ec;
    if (old) fs::remove(cfg->storage_dir("storyboards") / *old, ec);
  }

private:
  ApiContext& ctx_;
};

}  // namespace

bool transcoding_enabled(const Config& cfg) { return cfg.boolean("transcoding.enabled", true); }

void enqueue_upload_jobs(soci::session& s, ApiContext& ctx, const model::Video& v, bool audio_only, int64_t user_id) {
  json::object p{{"type", audio_only ? "merge-audio-to-web-video" : "optimize-to-web-video"},
                 {"videoUUID", v.uuid},
                 {"isNewVideo", true},
                 {"hasChildren", ctx.cfg()->boolean("transcoding.hls.enabled", true)},
                 {"quickTranscode", false}};
  if (audio_only) {
    p["resolution"] = 480;
    p["fps"] = std::min<int64_t>(25, ctx.cfg()->integer("transcoding.fps.max", 60));
  }
  enqueue(s, ctx, kTranscodingJob, std::move(p), v.id, transcoding_priority(s, user_id));
}

void rewrite_hls_index(ApiContext& ctx, const model::Video& v) {
  std::lock_guard lock(g_hls_mutex);
  if (auto index = build_hls_index(ctx, v, "", json::object())) write_hls_index(*index);
}

void enqueue_transcoding(soci::session& s, ApiContext& ctx, const model::Video& v, const std::string& type) {
  bool hls = type == "hls";
  model::set_video_state(s, v.id, model::kToTranscode);
  // HLS of every rung of the ladder from the web videos there are (a rung
  // with a web video is remuxed, another is encoded from the one above);
  // the web videos stay as they are.
  if (hls && !v.files.empty() && v.files.front().resolution > 0) {
    auto ladder = ladder_config(*ctx.cfg());
    const auto& top = v.files.front();
    std::vector<int> rungs{media::to_even(top.resolution)};
    for (int r : media::lower_resolutions(rungs.front(), top.has_audio, ladder))
      if (r > 0) rungs.push_back(r);
    bool first = true;
    for (int r : rungs) {
      model::VideoFile target = top;
      target.resolution = r;
      for (const auto& f : v.files)
        if (f.resolution == r) target = f;
      enqueue(s, ctx, kTranscodingJob, hls_job_payload(v, target, false, first, false), v.id, first ? 99 : 100);
      first = false;
    }
    return;
  }
  json::object p{{"type", "optimize-to-web-video"},
                 {"videoUUID", v.uuid},
                 {"isNewVideo", false},
                 {"hasChildren", hls},
                 {"quickTranscode", false},
                 {"createHLS", hls},
                 // Asked for web videos: keep them; asked for HLS: as configured.
                 {"keepWebVideos", hls ? ctx.cfg()->boolean("transcoding.web_videos.enabled", false) || !v.files.empty()
                                       : true}};
  enqueue(s, ctx, kTranscodingJob, std::move(p), v.id, 100);
}

void register_pipeline_jobs(JobQueue& q, ApiContext& ctx) {
  auto cfg = ctx.cfg();
  // Work directories of jobs that are no longer running (a crash between
  // the end of a job and its clean-up) are removed; those of active jobs
  // (maybe another process's, on shared storage) are left alone.
  std::error_code ec;
  fs::path work_root = cfg->storage_dir("tmp") / "transcoding";
  for (const auto& entry : fs::directory_iterator(work_root, ec)) {
    std::string name = entry.path().filename().string();
    if (!name.starts_with("job-")) continue;
    int64_t id = std::atoll(name.c_str() + 4);
    auto job = ctx.db.read([&](soci::session& s) { return model::find_job(s, id); });
    if (!job || job->state != "active") fs::remove_all(entry.path(), ec);
  }
  // PeerTube tries a transcoding once; a job interrupted by something outside
  // it (ffmpeg killed, disk full) gets two more tries here, a job whose input
  // cannot be decoded fails at once (PermanentJobError).
  int64_t backoff = cfg->duration_ms("jobs.retry_delay", 10'000);
  q.register_handler(kTranscodingJob, std::make_shared<TranscodingHandler>(ctx),
                     {static_cast<int>(cfg->integer("transcoding.concurrency", 1)), 3, backoff});
  q.register_handler(kStoryboardJob, std::make_shared<StoryboardHandler>(ctx), {1, 2, backoff});
}

}  // namespace vv::jobs
