#include "model/playlist.h"

#include "core/clock.h"
#include "core/ids.h"
#include "db/database.h"

namespace vv::model {

using db::get_i64;
using db::get_str;
using db::is_null;

namespace {

const char* kCols =
    "p.id, p.uuid, p.name, p.description, p.privacy, p.type, p.url, p.owner_account_id, p.channel_id, "
    "p.thumbnail_filename, p.thumbnail_custom, p.created_at, p.updated_at, "
    "(SELECT COUNT(*) FROM video_playlist_elements e WHERE e.playlist_id = p.id)";

Playlist read(const soci::row& r) {
  Playlist p;
  p.id = get_i64(r, 0);
  p.uuid = get_str(r, 1);
  p.name = get_str(r, 2);
  p.description = get_str(r, 3);
  p.privacy = static_cast<int>(get_i64(r, 4));
  p.type = static_cast<int>(get_i64(r, 5));
  p.url = get_str(r, 6);
  p.owner_account_id = get_i64(r, 7);
  if (!is_null(r, 8)) p.channel_id = get_i64(r, 8);
  p.thumbnail_filename = get_str(r, 9);
  p.thumbnail_custom = get_i64(r, 10) != 0;
  p.created_at = get_i64(r, 11);
  p.updated_at = get_i64(r, 12);
  p.videos_length = get_i64(r, 13);
  return p;
}

void load(soci::session& s, std::vector<Playlist>& ps) {
  for (auto& p : ps) {
    p.owner = find_account(s, p.owner_account_id);
    if (p.channel_id) p.channel = find_channel(s, *p.channel_id);
  }
}

void renumber(soci::session& s, int64_t playlist_id) {
  std::vector<int64_t> ids;
  db::for_each_row(s, "SELECT id FROM video_playlist_elements WHERE playlist_id = :p ORDER BY position, id", {std::to_string(playlist_id)},
        [&](const soci::row& r) { ids.push_back(get_i64(r, 0)); });
  int pos = 1;
  for (long long id : ids) {
    s << "UPDATE video_playlist_elements SET position = :p WHERE id = :id", soci::use(pos), soci::use(id);
    ++pos;
  }
}

void touch(soci::session& s, int64_t playlist_id) {
  long long id = playlist_id, now = now_ms();
  s << "UPDATE video_playlists SET updated_at = :n WHERE id = :id", soci::use(now), soci::use(id);
}

}  // namespace

int64_t insert_playlist(soci::session& s, Playlist& p, const std::string& base_url) {
  if (p.uuid.empty()) p.uuid = uuid_v4();
  p.url = base_url + "/video-playlists/" + p.uuid;
  long long now = now_ms(), owner = p.owner_account_id, ch = p.channel_id.value_or(0), id = 0;
  int privacy = p.privacy, type = p.type, custom = p.thumbnail_custom;
  soci::indicator ci = p.channel_id ? soci::i_ok : soci::i_null;
  soci::indicator di = p.description.empty() ? soci::i_null : soci::i_ok;
  soci::indicator ti = p.thumbnail_filename.empty() ? soci::i_null : soci::i_ok;
  s << "INSERT INTO video_playlists (uuid, name, description, privacy, type, url, owner_account_id, channel_id, "
       "thumbnail_filename, thumbnail_custom, created_at, updated_at) VALUES (:u, :n, :d, :p, :t, :url, :o, :c, :th, "
       ":tc, :cr, :up) RETURNING id",
      soci::use(p.uuid), soci::use(p.name), soci::use(p.description, di), soci::use(privacy), soci::use(type),
      soci::use(p.url), soci::use(owner), soci::use(ch, ci), soci::use(p.thumbnail_filename, ti), soci::use(custom),
      soci::use(now), soci::use(now), soci::into(id);
  p.id = id;
  p.created_at = p.updated_at = now;
  return id;
}

void save_playlist(soci::session& s, const Playlist& p) {
  long long id = p.id, now = now_ms(), ch = p.channel_id.value_or(0);
  int privacy = p.privacy, custom = p.thumbnail_custom;
  soci::indicator ci = p.channel_id ? soci::i_ok : soci::i_null;
  soci::indicator di = p.description.empty() ? soci::i_null : soci::i_ok;
  soci::indicator ti = p.thumbnail_filename.empty() ? soci::i_null : soci::i_ok;
  s << "UPDATE video_playlists SET name = :n, description = :d, privacy = :p, channel_id = :c, thumbnail_filename = :t, "
       "thumbnail_custom = :tc, updated_at = :u WHERE id = :id",
      soci::use(p.name), soci::use(p.description, di), soci::use(privacy), soci::use(ch, ci),
      soci::use(p.thumbnail_filename, ti), soci::use(custom), soci::use(now), soci::use(id);
}

void delete_playlist(soci::session& s, int64_t id) {
  long long pid = id;
  s << "DELETE FROM video_playlists WHERE id = :id", soci::use(pid);
}

std::optional<Playlist> find_playlist(soci::session& s, const std::string& key) {
  if (key.empty() || key.size() > 64) return std::nullopt;
  bool numeric = std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
  std::string where;
  std::string arg = key;
  if (numeric && key.size() <= 18) where = "p.id = :k";
  else {
    if (!is_uuid(key)) {
      auto u = short_to_uuid(key);
      if (!u) return std::nullopt;
      arg = *u;
    }
    where = "p.uuid = :k";
  }
  std::vector<Playlist> out;
  db::for_each_row(s, std::string("SELECT ") + kCols + " FROM video_playlists p WHERE " + where, {arg},
        [&](const soci::row& r) { out.push_back(read(r)); });
  load(s, out);
  if (out.empty()) return std::nullopt;
  return out.front();
}

std::optional<Playlist> find_watch_later(soci::session& s, int64_t account_id) {
  std::vector<Playlist> out;
  db::for_each_row(s, std::string("SELECT ") + kCols + " FROM video_playlists p WHERE p.owner_account_id = :a AND p.type = 2",
        {std::to_string(account_id)}, [&](const soci::row& r) { out.push_back(read(r)); });
  load(s, out);
  if (out.empty()) return std::nullopt;
  return out.front();
}

void ensure_watch_later_playlists(soci::session& s, const std::string& base_url) {
  std::vector<int64_t> accounts;
  db::for_each_row(s,
        "SELECT a.id FROM accounts a WHERE a.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM video_playlists p WHERE "
        "p.owner_account_id = a.id AND p.type = 2)",
        {}, [&](const soci::row& r) { accounts.push_back(get_i64(r, 0)); });
  for (int64_t a : accounts) {
    Playlist p;
    p.name = "Watch later";
    p.privacy = kPlaylistPrivate;
    p.type = kPlaylistWatchLater;
    p.owner_account_id = a;
    insert_playlist(s, p, base_url);
  }
}

std::vector<Playlist> list_playlists(soci::session& s, const PlaylistListQuery& q, int64_t* total) {
  std::string where = " FROM video_playlists p WHERE 1=1";
  std::vector<std::string> args;
  if (!q.include_private) where += " AND p.privacy = 1";
  if (q.account_id) where += " AND p.owner_account_id = " + std::to_string(*q.account_id);
  if (q.channel_id) where += " AND p.channel_id = " + std::to_string(*q.channel_id);
  if (q.type) where += " AND p.type = " + std::to_string(*q.type);
  if (!q.search.empty()) {
    where += " AND lower(p.name) LIKE lower(:s)";
    args.push_back("%" + q.search + "%");
  }
  if (total) db::for_each_row(s, "SELECT COUNT(*)" + where, args, [&](const soci::row& r) { *total = get_i64(r, 0); });
  bool desc = !q.sort.empty() && q.sort[0] == '-';
  std::string key = desc ? q.sort.substr(1) : q.sort;
  std::string col = key == "displayName" || key == "name" ? "lower(p.name)" : key == "updatedAt" ? "p.updated_at" : "p.created_at";
  std::vector<Playlist> out;
  db::for_each_row(s,
        std::string("SELECT ") + kCols + where + " ORDER BY " + col + (desc ? " DESC" : " ASC") + ", p.id ASC LIMIT " +
            std::to_string(q.count) + " OFFSET " + std::to_string(q.start),
        args, [&](const soci::row& r) { out.push_back(read(r)); });
  load(s, out);
  return out;
}

static PlaylistElement read_element(const soci::row& r) {
  PlaylistElement e;
  e.id = get_i64(r, 0);
  e.playlist_id = get_i64(r, 1);
  if (!is_null(r, 2)) e.video_id = get_i64(r, 2);
  e.position = static_cast<int>(get_i64(r, 3));
  if (!is_null(r, 4)) e.start_timestamp = static_cast<int>(get_i64(r, 4));
  if (!is_null(r, 5)) e.stop_timestamp = static_cast<int>(get_i64(r, 5));
  return e;
}

static const char* kElementCols = "id, playlist_id, video_id, position, start_timestamp, stop_timestamp";

std::vector<PlaylistElement> list_elements(soci::session& s, int64_t playlist_id, int64_t start, int64_t count, int64_t* total) {
  std::string pid = std::to_string(playlist_id);
  if (total) db::for_each_row(s, "SELECT COUNT(*) FROM video_playlist_elements WHERE playlist_id = " + pid, {},
                   [&](const soci::row& r) { *total = get_i64(r, 0); });
  std::vector<PlaylistElement> out;
  db::for_each_row(s,
        std::string("SELECT ") + kElementCols + " FROM video_playlist_elements WHERE playlist_id = " + pid +
            " ORDER BY position ASC LIMIT " + std::to_string(count) + " OFFSET " + std::to_string(start),
        {}, [&](const soci::row& r) { out.push_back(read_element(r)); });
  return out;
}

std::optional<PlaylistElement> find_element(soci::session& s, int64_t playlist_id, int64_t element_id) {
  std::optional<PlaylistElement> out;
  db::for_each_row(s,
        std::string("SELECT ") + kElementCols + " FROM video_playlist_elements WHERE playlist_id = " +
            std::to_string(playlist_id) + " AND id = " + std::to_string(element_id),
        {}, [&](const soci::row& r) { out = read_element(r); });
  return out;
}

int64_t add_element(soci::session& s, int64_t playlist_id, int64_t video_id, std::optional<int> start,
                    std::optional<int> stop, const std::string& playlist_url) {
  long long pid = playlist_id, vid = video_id, now = now_ms(), id = 0;
  int position = 1;
  db::for_each_row(s, "SELECT COALESCE(MAX(position), 0) FROM video_playlist_elements WHERE playlist_id = " + std::to_string(playlist_id),
        {}, [&](const soci::row& r) { position = static_cast<int>(get_i64(r, 0)) + 1; });
  int st = start.value_or(0), sp = stop.value_or(0);
  soci::indicator si = start ? soci::i_ok : soci::i_null, pi = stop ? soci::i_ok : soci::i_null;
  s << "INSERT INTO video_playlist_elements (playlist_id, video_id, position, start_timestamp, stop_timestamp, created_at, "
       "updated_at) VALUES (:p, :v, :pos, :st, :sp, :c, :u) RETURNING id",
      soci::use(pid), soci::use(vid), soci::use(position), soci::use(st, si), soci::use(sp, pi), soci::use(now),
      soci::use(now), soci::into(id);
  std::string url = playlist_url + "/videos/" + std::to_string(id);
  s << "UPDATE video_playlist_elements SET url = :u WHERE id = :id", soci::use(url), soci::use(id);
  touch(s, playlist_id);
  return id;
}

void update_element(soci::session& s, const PlaylistElement& e) {
  long long id = e.id;
  int st = e.start_timestamp.value_or(0), sp = e.stop_timestamp.value_or(0);
  soci::indicator si = e.start_timestamp ? soci::i_ok : soci::i_null, pi = e.stop_timestamp ? soci::i_ok : soci::i_null;
  s << "UPDATE video_playlist_elements SET start_timestamp = :st, stop_timestamp = :sp WHERE id = :id", soci::use(st, si),
      soci::use(sp, pi), soci::use(id);
  touch(s, e.playlist_id);
}

void remove_element(soci::session& s, int64_t playlist_id, int64_t element_id) {
  long long id = element_id;
  s << "DELETE FROM video_playlist_elements WHERE id = :id", soci::use(id);
  renumber(s, playlist_id);
  touch(s, playlist_id);
}

void reorder_elements(soci::session& s, int64_t playlist_id, int start, int insert_after, int length) {
  std::vector<int64_t> ids;
  db::for_each_row(s, "SELECT id FROM video_playlist_elements WHERE playlist_id = :p ORDER BY position, id", {std::to_string(playlist_id)},
        [&](const soci::row& r) { ids.push_back(get_i64(r, 0)); });
  int n = static_cast<int>(ids.size());
  if (start < 1 || start > n || length < 1 || start + length - 1 > n) return;
  std::vector<int64_t> moved(ids.begin() + (start - 1), ids.begin() + (start - 1 + length));
  std::vector<int64_t> rest;
  for (int i = 0; i < n; ++i)
    if (i < start - 1 || i >= start - 1 + length) rest.push_back(ids[i]);
  // insert_after counts positions in the original numbering.
  int after_original = insert_after;
  int insert_at = 0;
  for (int i = 0; i < n && i < after_original; ++i)
    if (i < start - 1 || i >= start - 1 + length) ++insert_at;
  rest.insert(rest.begin() + insert_at, moved.begin(), moved.end());
  int pos = 1;
  for (long long id : rest) {
    s << "UPDATE video_playlist_elements SET position = :p WHERE id = :id", soci::use(pos), soci::use(id);
    ++pos;
  }
  touch(s, playlist_id);
}

std::vector<VideoInPlaylist> videos_in_playlists_of(soci::session& s, int64_t account_id, const std::vector<int64_t>& video_ids) {
  std::vector<VideoInPlaylist> out;
  if (video_ids.empty()) return out;
  std::string ids;
  for (int64_t v : video_ids) ids += (ids.empty() ? "" : ",") + std::to_string(v);
  db::for_each_row(s,
        "SELECT e.video_id, e.id, p.id, p.name, p.uuid, e.start_timestamp, e.stop_timestamp FROM video_playlist_elements e "
        "JOIN video_playlists p ON p.id = e.playlist_id WHERE p.owner_account_id = " + std::to_string(account_id) +
            " AND e.video_id IN (" + ids + ") ORDER BY e.id",
        {}, [&](const soci::row& r) {
          VideoInPlaylist v{get_i64(r, 0), get_i64(r, 1), get_i64(r, 2), get_str(r, 3), get_str(r, 4), std::nullopt, std::nullopt};
          if (!is_null(r, 5)) v.start_timestamp = static_cast<int>(get_i64(r, 5));
          if (!is_null(r, 6)) v.stop_timestamp = static_cast<int>(get_i64(r, 6));
          out.push_back(std::move(v));
        });
  return out;
}

}  // namespace vv::model
