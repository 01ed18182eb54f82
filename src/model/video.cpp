#include "model/video.h"

#include <fmt/format.h>

#include "core/clock.h"
#include "core/ids.h"
#include "db/database.h"
#include "model/video_search.h"

namespace vv::model {

using db::get_f64;
using db::get_i64;
using db::get_str;
using db::is_null;

namespace {

const char* kVideoColumns =
    "v.id, v.uuid, v.name, v.category, v.licence, v.language, v.privacy, v.nsfw, v.description, v.support, "
    "v.duration, v.views, v.likes, v.dislikes, v.comments_count, v.is_local, v.is_live, v.url, v.comments_policy, "
    "v.download_enabled, v.wait_transcoding, v.state, v.aspect_ratio, v.channel_id, v.published_at, "
    "v.originally_published_at, v.input_file_updated_at, v.created_at, v.updated_at";

Video read_video(const soci::row& r) {
  Video v;
  v.id = get_i64(r, 0);
  v.uuid = get_str(r, 1);
  v.name = get_str(r, 2);
  if (!is_null(r, 3)) v.category = static_cast<int>(get_i64(r, 3));
  if (!is_null(r, 4)) v.licence = static_cast<int>(get_i64(r, 4));
  if (!is_null(r, 5)) v.language = get_str(r, 5);
  v.privacy = static_cast<int>(get_i64(r, 6));
  v.nsfw = get_i64(r, 7) != 0;
  v.description = get_str(r, 8);
  v.support = get_str(r, 9);
  v.duration = get_i64(r, 10);
  v.views = get_i64(r, 11);
  v.likes = get_i64(r, 12);
  v.dislikes = get_i64(r, 13);
  v.comments_count = get_i64(r, 14);
  v.is_local = get_i64(r, 15) != 0;
  v.is_live = get_i64(r, 16) != 0;
  v.url = get_str(r, 17);
  v.comments_policy = static_cast<int>(get_i64(r, 18));
  v.download_enabled = get_i64(r, 19) != 0;
  v.wait_transcoding = get_i64(r, 20) != 0;
  v.state = static_cast<int>(get_i64(r, 21));
  if (!is_null(r, 22)) v.aspect_ratio = get_f64(r, 22);
  v.channel_id = get_i64(r, 23);
  v.published_at = get_i64(r, 24);
  if (!is_null(r, 25)) v.originally_published_at = get_i64(r, 25);
  if (!is_null(r, 26)) v.input_file_updated_at = get_i64(r, 26);
  v.created_at = get_i64(r, 27);
  v.updated_at = get_i64(r, 28);
  return v;
}

std::string id_list(const std::vector<Video>& vs) {
  std::string ids;
  for (const auto& v : vs) ids += (ids.empty() ? "" : ",") + std::to_string(v.id);
  return ids;
}

// Tags, files, thumbnails, schedule and channel of a batch, one query each.
void load_relations(soci::session& s, std::vector<Video>& vs) {
  if (vs.empty()) return;
  std::string ids = id_list(vs);
  auto by_id = [&](int64_t id) -> Video* {
    for (auto& v : vs)
      if (v.id == id) return &v;
    return nullptr;
  };
  db::for_each_row(s, "SELECT video_id, name FROM video_tags WHERE video_id IN (" + ids + ") ORDER BY position", {},
        [&](const soci::row& r) {
          if (auto* v = by_id(get_i64(r, 0))) v->tags.push_back(get_str(r, 1));
        });
  db::for_each_row(s,
        "SELECT f.id, f.video_id, resolution, size, fps, extname, filename, width, height, has_audio, has_video, metadata, "
        "f.created_at, torrent_filename, info_hash, streaming_playlist_id, f.playlist_filename, sp.playlist_filename, "
        "sp.segments_sha256_filename FROM video_files f LEFT JOIN video_streaming_playlists sp ON sp.id = "
        "f.streaming_playlist_id WHERE f.video_id IN (" + ids + ") ORDER BY resolution DESC, f.id",
        {}, [&](const soci::row& r) {
          VideoFile f;
          f.id = get_i64(r, 0);
          f.video_id = get_i64(r, 1);
          f.resolution = static_cast<int>(get_i64(r, 2));
          f.size = get_i64(r, 3);
          f.fps = get_f64(r, 4);
          f.extname = get_str(r, 5);
          f.filename = get_str(r, 6);
          f.width = static_cast<int>(get_i64(r, 7));
          f.height = static_cast<int>(get_i64(r, 8));
          f.has_audio = get_i64(r, 9) != 0;
          f.has_video = get_i64(r, 10) != 0;
          f.metadata = get_str(r, 11);
          f.created_at = get_i64(r, 12);
          f.torrent_filename = get_str(r, 13);
          f.info_hash = get_str(r, 14);
          if (!is_null(r, 15)) f.streaming_playlist_id = get_i64(r, 15);
          f.playlist_filename = get_str(r, 16);
          auto* v = by_id(f.video_id);
          if (!v) return;
          if (f.streaming_playlist_id) {
            v->hls = StreamingPlaylist{*f.streaming_playlist_id, get_str(r, 17), get_str(r, 18)};
            v->hls_files.push_back(std::move(f));
          } else {
            v->files.push_back(std::move(f));
          }
        });
  db::for_each_row(s, "SELECT video_id, type, filename, width, height, created_at FROM video_thumbnails WHERE video_id IN (" + ids + ")",
        {}, [&](const soci::row& r) {
          Thumbnail t;
          t.type = static_cast<int>(get_i64(r, 1));
          t.filename = get_str(r, 2);
          t.width = static_cast<int>(get_i64(r, 3));
          t.height = static_cast<int>(get_i64(r, 4));
          t.created_at = get_i64(r, 5);
          if (auto* v = by_id(get_i64(r, 0))) v->thumbnails.push_back(std::move(t));
        });
  db::for_each_row(s, "SELECT video_id, update_at, privacy FROM video_schedules WHERE video_id IN (" + ids + ")", {},
        [&](const soci::row& r) {
          if (auto* v = by_id(get_i64(r, 0))) {
            std::optional<int> p;
            if (!is_null(r, 2)) p = static_cast<int>(get_i64(r, 2));
            v->schedule = std::make_pair(get_i64(r, 1), p);
          }
        });
  db::for_each_row(s, "SELECT video_id, filename FROM video_captions WHERE video_id IN (" + ids + ")", {}, [&](const soci::row& r) {
    if (auto* v = by_id(get_i64(r, 0))) v->caption_files.push_back(get_str(r, 1));
  });
  db::for_each_row(s, "SELECT video_id, filename FROM video_storyboards WHERE video_id IN (" + ids + ")", {}, [&](const soci::row& r) {
    if (auto* v = by_id(get_i64(r, 0))) v->storyboard_files.push_back(get_str(r, 1));
  });
  db::for_each_row(s, "SELECT video_id, reason FROM video_blacklist WHERE video_id IN (" + ids + ")", {}, [&](const soci::row& r) {
    if (auto* v = by_id(get_i64(r, 0))) {
      v->blacklisted = true;
      v->blacklisted_reason = get_str(r, 1);
    }
  });
  std::map<int64_t, std::optional<Channel>> channels;  // one lookup per distinct channel
  for (auto& v : vs) {
    auto it = channels.find(v.channel_id);
    if (it == channels.end()) it = channels.emplace(v.channel_id, find_channel(s, v.channel_id)).first;
    v.channel = it->second;
  }
}

void write_tags(soci::session& s, int64_t video_id, const std::vector<std::string>& tags) {
  long long vid = video_id;
  s << "DELETE FROM video_tags WHERE video_id = :v", soci::use(vid);
  int pos = 0;
  for (const auto& t : tags) {
    std::string name = t;
    s << "INSERT INTO video_tags (video_id, name, position) VALUES (:v, :n, :p) ON CONFLICT DO NOTHING",
        soci::use(vid), soci::use(name), soci::use(pos);
    ++pos;
  }
}

struct VideoBinds {
  int category, licence, privacy, nsfw, is_local, is_live, comments_policy, download_enabled, wait_transcoding, state;
  long long duration, views, likes, dislikes, comments, channel, published, orig, input_updated, created, updated;
  double aspect;
  std::string language;
  soci::indicator cat_i, lic_i, lang_i, aspect_i, orig_i, input_i;
  explicit VideoBinds(const Video& v)
      : category(v.category.value_or(0)), licence(v.licence.value_or(0)), privacy(v.privacy), nsfw(v.nsfw),
        is_local(v.is_local), is_live(v.is_live), comments_policy(v.comments_policy),
        download_enabled(v.download_enabled), wait_transcoding(v.wait_transcoding), state(v.state),
        duration(v.duration), views(v.views), likes(v.likes), dislikes(v.dislikes), comments(v.comments_count),
        channel(v.channel_id), published(v.published_at), orig(v.originally_published_at.value_or(0)),
        input_updated(v.input_file_updated_at.value_or(0)), created(v.created_at), updated(v.updated_at),
        aspect(v.aspect_ratio.value_or(0)), language(v.language.value_or("")),
        cat_i(v.category ? soci::i_ok : soci::i_null), lic_i(v.licence ? soci::i_ok : soci::i_null),
        lang_i(v.language ? soci::i_ok : soci::i_null), aspect_i(v.aspect_ratio ? soci::i_ok : soci::i_null),
        orig_i(v.originally_published_at ? soci::i_ok : soci::i_null),
        input_i(v.input_file_updated_at ? soci::i_ok : soci::i_null) {}
};

}  // namespace

int64_t insert_video(soci::session& s, const Video& v) {
  VideoBinds b(v);
  long long id = 0;
  soci::indicator desc_i = v.description.empty() ? soci::i_null : soci::i_ok;
  soci::indicator sup_i = v.support.empty() ? soci::i_null : soci::i_ok;
  s << "INSERT INTO videos (uuid, name, category, licence, language, privacy, nsfw, description, support, duration, "
       "is_local, is_live, url, comments_policy, download_enabled, wait_transcoding, state, aspect_ratio, channel_id, "
       "published_at, originally_published_at, input_file_updated_at, created_at, updated_at) VALUES (:uuid, :name, "
       ":cat, :lic, :lang, :priv, :nsfw, :descr, :sup, :dur, :loc, :live, :url, :cp, :dl, :wt, :state, :ar, :ch, :pub, "
       ":orig, :inp, :cr, :up) RETURNING id",
      soci::use(v.uuid), soci::use(v.name), soci::use(b.category, b.cat_i), soci::use(b.licence, b.lic_i),
      soci::use(b.language, b.lang_i), soci::use(b.privacy), soci::use(b.nsfw), soci::use(v.description, desc_i),
      soci::use(v.support, sup_i), soci::use(b.duration), soci::use(b.is_local), soci::use(b.is_live),
      soci::use(v.url), soci::use(b.comments_policy), soci::use(b.download_enabled), soci::use(b.wait_transcoding),
      soci::use(b.state), soci::use(b.aspect, b.aspect_i), soci::use(b.channel), soci::use(b.published),
      soci::use(b.orig, b.orig_i), soci::use(b.input_updated, b.input_i), soci::use(b.created), soci::use(b.updated),
      soci::into(id);
  write_tags(s, id, v.tags);
  index_video(s, id, v.name, v.description, v.tags);
  return id;
}

void save_video(soci::session& s, const Video& v) {
  VideoBinds b(v);
  long long id = v.id, now = now_ms();
  soci::indicator desc_i = v.description.empty() ? soci::i_null : soci::i_ok;
  soci::indicator sup_i = v.support.empty() ? soci::i_null : soci::i_ok;
  s << "UPDATE videos SET name = :name, category = :cat, licence = :lic, language = :lang, privacy = :priv, "
       "nsfw = :nsfw, description = :descr, support = :sup, duration = :dur, comments_policy = :cp, "
       "download_enabled = :dl, wait_transcoding = :wt, state = :state, aspect_ratio = :ar, channel_id = :ch, "
       "published_at = :pub, originally_published_at = :orig, input_file_updated_at = :inp, updated_at = :up "
       "WHERE id = :id",
      soci::use(v.name), soci::use(b.category, b.cat_i), soci::use(b.licence, b.lic_i), soci::use(b.language, b.lang_i),
      soci::use(b.privacy), soci::use(b.nsfw), soci::use(v.description, desc_i), soci::use(v.support, sup_i),
      soci::use(b.duration), soci::use(b.comments_policy), soci::use(b.download_enabled), soci::use(b.wait_transcoding),
      soci::use(b.state), soci::use(b.aspect, b.aspect_i), soci::use(b.channel), soci::use(b.published),
      soci::use(b.orig, b.orig_i), soci::use(b.input_updated, b.input_i), soci::use(now), soci::use(id);
  write_tags(s, v.id, v.tags);
  index_video(s, v.id, v.name, v.description, v.tags);
}

void delete_video(soci::session& s, int64_t id) {
  long long vid = id;
  unindex_video(s, id);
  s << "DELETE FROM videos WHERE id = :id", soci::use(vid);
}

std::optional<Video> find_video_by_id(soci::session& s, int64_t id) {
  std::vector<Video> out;
  db::for_each_row(s, std::string("SELECT ") + kVideoColumns + " FROM videos v WHERE v.id = :id", {std::to_string(id)},
        [&](const soci::row& r) { out.push_back(read_video(r)); });
  if (out.empty()) return std::nullopt;
  load_relations(s, out);
  return std::move(out.front());
}

std::optional<Video> find_video(soci::session& s, const std::string& key) {
  if (key.empty() || key.size() > 64) return std::nullopt;
  bool numeric = std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (numeric && key.size() <= 18) return find_video_by_id(s, std::stoll(key));
  std::string uuid;
  if (is_uuid(key)) uuid = key;
  else if (auto u = short_to_uuid(key)) uuid = *u;
  else return std::nullopt;
  for (auto& c : uuid) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::vector<Video> out;
  db::for_each_row(s, std::string("SELECT ") + kVideoColumns + " FROM videos v WHERE v.uuid = :u", {uuid},
        [&](const soci::row& r) { out.push_back(read_video(r)); });
  if (out.empty()) return std::nullopt;
  load_relations(s, out);
  return std::move(out.front());
}

int64_t insert_video_file(soci::session& s, const VideoFile& f) {
  long long vid = f.video_id, size = f.size, now = now_ms(), id = 0;
  int res = f.resolution, w = f.width, h = f.height, ha = f.has_audio, hv = f.has_video;
  double fps = f.fps;
  soci::indicator mi = f.metadata.empty() ? soci::i_null : soci::i_ok;
  soci::indicator ti = f.torrent_filename.empty() ? soci::i_null : soci::i_ok;
  soci::indicator hi = f.info_hash.empty() ? soci::i_null : soci::i_ok;
  long long spid = f.streaming_playlist_id.value_or(0);
  soci::indicator spi = f.streaming_playlist_id ? soci::i_ok : soci::i_null;
  soci::indicator pfi = f.playlist_filename.empty() ? soci::i_null : soci::i_ok;
  s << "INSERT INTO video_files (video_id, resolution, size, fps, extname, filename, width, height, has_audio, "
       "has_video, storage, metadata, created_at, torrent_filename, info_hash, streaming_playlist_id, "
       "playlist_filename) VALUES (:v, :r, :s, :f, :e, :fn, :w, :h, :ha, :hv, 0, :m, :c, :t, :ih, :sp, :pf) "
       "RETURNING id",
      soci::use(vid), soci::use(res), soci::use(size), soci::use(fps), soci::use(f.extname), soci::use(f.filename),
      soci::use(w), soci::use(h), soci::use(ha), soci::use(hv), soci::use(f.metadata, mi), soci::use(now),
      soci::use(f.torrent_filename, ti), soci::use(f.info_hash, hi), soci::use(spid, spi),
      soci::use(f.playlist_filename, pfi), soci::into(id);
  return id;
}

void delete_video_file(soci::session& s, int64_t file_id) {
  long long id = file_id;
  s << "DELETE FROM video_files WHERE id = :id", soci::use(id);
}

void set_video_state(soci::session& s, int64_t video_id, int state) {
  long long id = video_id, now = now_ms();
  s << "UPDATE videos SET state = :s, updated_at = :u WHERE id = :id", soci::use(state), soci::use(now), soci::use(id);
}

void set_video_media_info(soci::session& s, int64_t video_id, int64_t duration, std::optional<double> aspect_ratio) {
  long long id = video_id, d = duration;
  double ar = aspect_ratio.value_or(0);
  soci::indicator ai = aspect_ratio ? soci::i_ok : soci::i_null;
  s << "UPDATE videos SET duration = :d, aspect_ratio = :a WHERE id = :id", soci::use(d), soci::use(ar, ai), soci::use(id);
}

StreamingPlaylist ensure_streaming_playlist(soci::session& s, int64_t video_id, const StreamingPlaylist& names) {
  long long vid = video_id, id = 0, now = now_ms();
  StreamingPlaylist out;
  soci::indicator ind;
  s << "SELECT id, playlist_filename, segments_sha256_filename FROM video_streaming_playlists WHERE video_id = :v",
      soci::use(vid), soci::into(id, ind), soci::into(out.playlist_filename), soci::into(out.segments_sha256_filename);
  if (s.got_data()) {
    out.id = id;
    return out;
  }
  s << "INSERT INTO video_streaming_playlists (video_id, type, playlist_filename, segments_sha256_filename, "
       "created_at, updated_at) VALUES (:v, 1, :p, :s, :c, :u) RETURNING id",
      soci::use(vid), soci::use(names.playlist_filename), soci::use(names.segments_sha256_filename), soci::use(now),
      soci::use(now), soci::into(id);
  out = names;
  out.id = id;
  return out;
}

void delete_streaming_playlist(soci::session& s, int64_t video_id) {
  long long vid = video_id;
  s << "DELETE FROM video_files WHERE video_id = :v AND streaming_playlist_id IS NOT NULL", soci::use(vid);
  s << "DELETE FROM video_streaming_playlists WHERE video_id = :v", soci::use(vid);
}

void set_file_torrent(soci::session& s, int64_t file_id, const std::string& torrent_filename, const std::string& info_hash) {
  long long id = file_id;
  s << "UPDATE video_files SET torrent_filename = :t, info_hash = :h WHERE id = :id", soci::use(torrent_filename),
      soci::use(info_hash), soci::use(id);
}

void insert_thumbnail(soci::session& s, int64_t video_id, const Thumbnail& t) {
  long long vid = video_id, now = now_ms();
  int type = t.type, w = t.width, h = t.height;
  s << "INSERT INTO video_thumbnails (video_id, type, filename, width, height, created_at) VALUES (:v, :t, :f, :w, :h, :c)",
      soci::use(vid), soci::use(type), soci::use(t.filename), soci::use(w), soci::use(h), soci::use(now);
}

void replace_thumbnail(soci::session& s, int64_t video_id, const Thumbnail& t, std::vector<std::string>* old_files) {
  long long vid = video_id;
  int type = t.type;
  if (old_files)
    db::for_each_row(s, "SELECT filename FROM video_thumbnails WHERE video_id = :v AND type = :t",
          {std::to_string(video_id), std::to_string(type)}, [&](const soci::row& r) { old_files->push_back(get_str(r, 0)); });
  s << "DELETE FROM video_thumbnails WHERE video_id = :v AND type = :t", soci::use(vid), soci::use(type);
  insert_thumbnail(s, video_id, t);
}

void save_video_source(soci::session& s, int64_t video_id, const VideoSource& src) {
  long long vid = video_id, now = now_ms(), size = src.size.value_or(0);
  int res = src.resolution.value_or(0), w = src.width.value_or(0), h = src.height.value_or(0);
  double fps = src.fps.value_or(0);
  soci::indicator ri = src.resolution ? soci::i_ok : soci::i_null, wi = src.width ? soci::i_ok : soci::i_null,
                  hi = src.height ? soci::i_ok : soci::i_null, fi = src.fps ? soci::i_ok : soci::i_null,
                  si = src.size ? soci::i_ok : soci::i_null, mi = src.metadata.empty() ? soci::i_null : soci::i_ok;
  s << "DELETE FROM video_sources WHERE video_id = :v", soci::use(vid);
  s << "INSERT INTO video_sources (video_id, input_filename, resolution, width, height, fps, size, metadata, created_at) "
       "VALUES (:v, :f, :r, :w, :h, :fps, :s, :m, :c)",
      soci::use(vid), soci::use(src.input_filename), soci::use(res, ri), soci::use(w, wi), soci::use(h, hi),
      soci::use(fps, fi), soci::use(size, si), soci::use(src.metadata, mi), soci::use(now);
}

std::optional<VideoSource> find_video_source(soci::session& s, int64_t video_id) {
  std::optional<VideoSource> out;
  db::for_each_row(s,
        "SELECT input_filename, resolution, width, height, fps, size, metadata, created_at FROM video_sources WHERE "
        "video_id = :v",
        {std::to_string(video_id)}, [&](const soci::row& r) {
          VideoSource src;
          src.input_filename = get_str(r, 0);
          if (!is_null(r, 1)) src.resolution = static_cast<int>(get_i64(r, 1));
          if (!is_null(r, 2)) src.width = static_cast<int>(get_i64(r, 2));
          if (!is_null(r, 3)) src.height = static_cast<int>(get_i64(r, 3));
          if (!is_null(r, 4)) src.fps = get_f64(r, 4);
          if (!is_null(r, 5)) src.size = get_i64(r, 5);
          src.metadata = get_str(r, 6);
          src.created_at = get_i64(r, 7);
          out = std::move(src);
        });
  return out;
}

std::vector<std::string> video_passwords(soci::session& s, int64_t video_id) {
  std::vector<std::string> out;
  db::for_each_row(s, "SELECT password FROM video_passwords WHERE video_id = :v ORDER BY id", {std::to_string(video_id)},
        [&](const soci::row& r) { out.push_back(get_str(r, 0)); });
  return out;
}

void set_video_passwords(soci::session& s, int64_t video_id, const std::vector<std::string>& passwords) {
  long long vid = video_id, now = now_ms();
  s << "DELETE FROM video_passwords WHERE video_id = :v", soci::use(vid);
  for (const auto& p : passwords) {
    std::string pw = p;
    s << "INSERT INTO video_passwords (video_id, password, created_at) VALUES (:v, :p, :c)", soci::use(vid),
        soci::use(pw), soci::use(now);
  }
}

void set_video_schedule(soci::session& s, int64_t video_id, std::optional<std::pair<int64_t, std::optional<int>>> sched) {
  long long vid = video_id;
  s << "DELETE FROM video_schedules WHERE video_id = :v", soci::use(vid);
  if (!sched) return;
  long long at = sched->first;
  int privacy = sched->second.value_or(0);
  soci::indicator pi = sched->second ? soci::i_ok : soci::i_null;
  s << "INSERT INTO video_schedules (video_id, update_at, privacy) VALUES (:v, :a, :p)", soci::use(vid), soci::use(at),
      soci::use(privacy, pi);
}

int64_t user_video_bytes(soci::session& s, int64_t user_id, std::optional<int64_t> since_ms) {
  // As PeerTube: a video weighs its biggest file (the transcoded renditions
  // of one upload do not multiply its cost).
  std::string sql =
      "SELECT MAX(f.size) AS m FROM video_files f JOIN videos v ON v.id = f.video_id JOIN video_channels vc ON "
      "vc.id = v.channel_id JOIN accounts ac ON ac.id = vc.account_id WHERE ac.user_id = :u";
  std::vector<std::string> args{std::to_string(user_id)};
  if (since_ms) {
    sql += " AND v.created_at >= :since";
    args.push_back(std::to_string(*since_ms));
  }
  sql = "SELECT COALESCE(SUM(m), 0) FROM (" + sql + " GROUP BY f.video_id) per_video";
  int64_t total = 0;
  db::for_each_row(s, sql, args, [&](const soci::row& r) { total = get_i64(r, 0); });
  return total;
}

std::string count_key(const VideoListQuery& q) {
  std::string k;
  auto add = [&k](const auto& v) { k += fmt::format("{}|", v); };
  auto opt = [&](const auto& o) { o ? add(*o) : add("-"); };
  for (int x : q.category_one_of) add(x);
  k += "c;";
  for (int x : q.licence_one_of) add(x);
  k += "l;";
  for (int x : q.privacy_one_of) add(x);
  k += "p;";
  for (const auto& x : q.language_one_of) add(x);
  k += "g;";
  for (const auto& x : q.tags_one_of) add(x);
  k += "t;";
  for (const auto& x : q.tags_all_of) add(x);
  k += "a;";
  opt(q.nsfw), opt(q.is_local), opt(q.is_live), opt(q.has_web_video_files), opt(q.has_hls_files), opt(q.account_id), opt(q.channel_id), opt(q.followed_by_actor),
      opt(q.owner_user_id), opt(q.only_video_id), opt(q.duration_min), opt(q.duration_max), opt(q.published_after),
      opt(q.published_before), opt(q.orig_published_after), opt(q.orig_published_before);
  add(q.search), add(q.fts), add(q.viewer_logged_in), add(q.include_all_privacies), add(q.include_not_published),
      add(q.include_blacklisted);
  // Not part of the matching set, but of the page (the page cache's key).
  add(q.trending_days), opt(q.best_user_id);
  return k;
}

std::vector<Video> list_videos(soci::session& s, const VideoListQuery& q, int64_t* total) {
  // The channel and account joins are only needed to filter on them.
  bool need_owner_join = q.account_id || q.owner_user_id;
  std::string from = need_owner_join
                         ? " FROM videos v JOIN video_channels vc ON vc.id = v.channel_id JOIN accounts ac ON ac.id = vc.account_id"
                         : " FROM videos v";
  std::string where = " WHERE 1=1";
  std::vector<std::string> args;
  auto in_ints = [&](const char* col, const std::vector<int>& vals) {
    std::string list;
    for (int x : vals) list += (list.empty() ? "" : ",") + std::to_string(x);
    where += std::string(" AND ") + col + " IN (" + list + ")";
  };
  auto in_strings = [&](const std::string& expr, const std::vector<std::string>& vals) {
    std::string list;
    for (const auto& x : vals) {
      list += std::string(list.empty() ? "" : ",") + ":p" + std::to_string(args.size());
      args.push_back(x);
    }
    return expr + " IN (" + list + ")";
  };

  // "+v.privacy": keeps SQLite from picking the privacy index, so that a
  // sorted list walks the published_at index and stops after one page
  // instead of sorting every visible video (PostgreSQL reads it as a no-op).
  if (!q.include_all_privacies) where += q.viewer_logged_in ? " AND +v.privacy IN (1, 4)" : " AND +v.privacy = 1";
  if (!q.include_not_published) where += " AND (v.state = 1 OR (v.state = 2 AND v.wait_transcoding = 0))";
  if (!q.include_blacklisted) where += " AND NOT EXISTS (SELECT 1 FROM video_blacklist b WHERE b.video_id = v.id)";
  if (!q.privacy_one_of.empty()) in_ints("v.privacy", q.privacy_one_of);
  if (!q.category_one_of.empty()) in_ints("v.category", q.category_one_of);
  if (!q.licence_one_of.empty()) in_ints("v.licence", q.licence_one_of);
  if (!q.language_one_of.empty()) {
    // PeerTube's "_unknown" stands for videos without a language.
    std::vector<std::string> langs;
    bool unknown = false;
    for (const auto& l : q.language_one_of) {
      if (l == "_unknown") unknown = true;
      else langs.push_back(l);
    }
    std::string cond;
    if (!langs.empty()) cond = in_strings("v.language", langs);
    if (unknown) cond += std::string(cond.empty() ? "" : " OR ") + "v.language IS NULL";
    where += " AND (" + cond + ")";
  }
  if (!q.tags_one_of.empty()) {
    std::vector<std::string> lower;
    for (auto t : q.tags_one_of) {
      for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      lower.push_back(t);
    }
    where += " AND EXISTS (SELECT 1 FROM video_tags t WHERE t.video_id = v.id AND " + in_strings("lower(t.name)", lower) + ")";
  }
  for (auto t : q.tags_all_of) {
    for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    where += " AND EXISTS (SELECT 1 FROM video_tags t WHERE t.video_id = v.id AND " + in_strings("lower(t.name)", {t}) + ")";
  }
  if (q.nsfw) where += *q.nsfw ? " AND v.nsfw = 1" : " AND v.nsfw = 0";
  if (q.is_local) where += *q.is_local ? " AND v.is_local = 1" : " AND v.is_local = 0";
  if (q.is_live) where += *q.is_live ? " AND v.is_live = 1" : " AND v.is_live = 0";
  if (q.has_web_video_files)
    where += std::string(" AND ") + (*q.has_web_video_files ? "" : "NOT ") +
             "EXISTS (SELECT 1 FROM video_files f WHERE f.video_id = v.id AND f.streaming_playlist_id IS NULL)";
  if (q.has_hls_files)
    where += std::string(" AND ") + (*q.has_hls_files ? "" : "NOT ") +
             "EXISTS (SELECT 1 FROM video_files f WHERE f.video_id = v.id AND f.streaming_playlist_id IS NOT NULL)";
  if (q.account_id) where += " AND ac.id = " + std::to_string(*q.account_id);
  if (q.channel_id) where += " AND v.channel_id = " + std::to_string(*q.channel_id);
  if (q.followed_by_actor)
    where += " AND v.channel_id IN (SELECT fc.id FROM video_channels fc JOIN actor_follows ff ON ff.target_actor_id = "
             "fc.actor_id WHERE ff.actor_id = " + std::to_string(*q.followed_by_actor) + " AND ff.state = 'accepted')";
  if (q.owner_user_id) where += " AND ac.user_id = " + std::to_string(*q.owner_user_id);
  if (!q.search.empty()) {
    where += " AND lower(v.name) LIKE lower(:p" + std::to_string(args.size()) + ")";
    args.push_back("%" + q.search + "%");
  }
  if (q.only_video_id) where += " AND v.id = " + std::to_string(*q.only_video_id);
  if (q.duration_min) where += " AND v.duration >= " + std::to_string(*q.duration_min);
  if (q.duration_max) where += " AND v.duration <= " + std::to_string(*q.duration_max);
  if (q.published_after) where += " AND v.published_at >= " + std::to_string(*q.published_after);
  if (q.published_before) where += " AND v.published_at <= " + std::to_string(*q.published_before);
  if (q.orig_published_after) where += " AND v.originally_published_at >= " + std::to_string(*q.orig_published_after);
  if (q.orig_published_before) where += " AND v.originally_published_at <= " + std::to_string(*q.orig_published_before);
  bool pg = is_postgres(s);
  std::optional<std::string> fts;
  if (!q.fts.empty()) {
    fts = fts_query(q.fts, pg);
    if (!fts) fts = pg ? "thisneverexists0:*" : "\"thisneverexists0\"";  // nothing searchable: no result
    // The match sub-select comes first in the FROM clause: bind its
    // parameters before the WHERE ones.
    from = " FROM " + fts_matches_sql(pg) + " fts JOIN videos v ON v.id = fts.vid" +
           std::string(need_owner_join ? " JOIN video_channels vc ON vc.id = v.channel_id JOIN accounts ac ON ac.id = vc.account_id" : "");
    std::vector<std::string> fts_args{*fts};
    if (pg) fts_args.push_back(*fts);
    args.insert(args.begin(), fts_args.begin(), fts_args.end());
  }

  bool desc = !q.sort.empty() && q.sort[0] == '-';
  std::string key = desc ? q.sort.substr(1) : q.sort;
  std::string col;
  if (key == "name") col = "lower(v.name)";
  else if (key == "duration") col = "v.duration";
  else if (key == "createdAt") col = "v.created_at";
  else if (key == "originallyPublishedAt") col = "COALESCE(v.originally_published_at, v.published_at)";
  else if (key == "views") col = "v.views";
  else if (key == "likes") col = "v.likes";
  else if (key == "comments") col = "v.comments_count";
  else if (key == "trending") {
    // PeerTube: the views of the last interval_days (hourly buckets).
    int64_t since = now_ms() - static_cast<int64_t>(q.trending_days) * 86'400'000;
    col = "COALESCE((SELECT SUM(st.views) FROM video_views_stats st WHERE st.video_id = v.id AND st.start_date >= " +
          std::to_string(since) + "), 0)";
  } else if (key == "hot" || key == "best") {
    // PeerTube's "hotness" (reddit-like): log10 of likes, dislikes, views
    // and comments with fixed weights, plus the publication date in
    // half-days; "best" also pushes down what the viewer already watched.
    const char* greatest = pg ? "GREATEST" : "MAX";
    const char* power = pg ? "POWER" : "pow";
    col = fmt::format(
        "(LOG({0}(1, v.likes - 1)) * 150 + LOG({0}(1, v.dislikes - 1)) * -150 + LOG(v.views + 1) * 16 + "
        "LOG({0}(1, v.comments_count)) * 100 + (v.published_at / 1000.0 - 1446156582) / 47000",
        greatest);
    if (key == "best" && q.best_user_id)
      col += fmt::format(" + {}((SELECT COUNT(*) FROM user_video_history h WHERE h.video_id = v.id AND h.user_id = {}), "
                         "2.0) * -100",
                         power, *q.best_user_id);
    col += ")";
  }
  else if (key == "random") col = "RANDOM()";
  else if (key == "match" && fts) col = "fts.rank";
  else col = "v.published_at";
  if (key == "match" && fts) desc = !desc;  // rank ascending is the best match: "-match" lists it first
  // Ties are broken by id, always ascending (as PeerTube).
  std::string order = " ORDER BY " + col + (desc ? " DESC" : " ASC") + ", v.id ASC";

  if (total && q.known_total) *total = *q.known_total;
  if (total && !q.skip_count && !q.known_total) {
    *total = 0;
    db::for_each_row(s, "SELECT COUNT(*)" + from + where, args, [&](const soci::row& r) { *total = get_i64(r, 0); });
  }
  std::vector<Video> out;
  db::for_each_row(s,
        std::string("SELECT ") + kVideoColumns + from + where + order + " LIMIT " + std::to_string(q.count) +
            " OFFSET " + std::to_string(q.start),
        args, [&](const soci::row& r) { out.push_back(read_video(r)); });
  load_relations(s, out);
  return out;
}

}  // namespace vv::model
