#include "model/blacklist.h"

#include "core/clock.h"
#include "db/database.h"

namespace vv::model {

static Blacklist read(const soci::row& r) {
  Blacklist b;
  b.id = db::get_i64(r, 0);
  b.video_id = db::get_i64(r, 1);
  b.reason = db::get_str(r, 2);
  b.unfederated = db::get_i64(r, 3) != 0;
  b.type = static_cast<int>(db::get_i64(r, 4));
  b.created_at = db::get_i64(r, 5);
  b.updated_at = db::get_i64(r, 6);
  return b;
}

static const char* kCols = "b.id, b.video_id, b.reason, b.unfederated, b.type, b.created_at, b.updated_at";

std::optional<Blacklist> find_blacklist(soci::session& s, int64_t video_id) {
  long long v = video_id;
  soci::rowset<soci::row> rows = (s.prepare << std::string("SELECT ") + kCols + " FROM video_blacklist b WHERE b.video_id = :v", soci::use(v));
  for (const auto& r : rows) return read(r);
  return std::nullopt;
}

void insert_blacklist(soci::session& s, const Blacklist& b) {
  long long v = b.video_id, now = now_ms();
  int unf = b.unfederated, type = b.type;
  soci::indicator ri = b.reason.empty() ? soci::i_null : soci::i_ok;
  s << "INSERT INTO video_blacklist (video_id, reason, unfederated, type, created_at, updated_at) VALUES (:v, :r, :u, :t, :c, :up)",
      soci::use(v), soci::use(b.reason, ri), soci::use(unf), soci::use(type), soci::use(now), soci::use(now);
}

void update_blacklist_reason(soci::session& s, int64_t video_id, const std::string& reason) {
  long long v = video_id, now = now_ms();
  soci::indicator ri = reason.empty() ? soci::i_null : soci::i_ok;
  s << "UPDATE video_blacklist SET reason = :r, updated_at = :u WHERE video_id = :v", soci::use(reason, ri), soci::use(now),
      soci::use(v);
}

void delete_blacklist(soci::session& s, int64_t video_id) {
  long long v = video_id;
  s << "DELETE FROM video_blacklist WHERE video_id = :v", soci::use(v);
}

std::vector<Blacklist> list_blacklist(soci::session& s, const BlacklistQuery& q, int64_t* total) {
  std::string where = " FROM video_blacklist b JOIN videos v ON v.id = b.video_id WHERE 1=1";
  std::string like = "%" + q.search + "%";
  if (q.type) where += " AND b.type = " + std::to_string(*q.type);
  if (!q.search.empty()) where += " AND (lower(v.name) LIKE lower(:s) OR lower(b.reason) LIKE lower(:s2))";
  std::vector<std::string> args;
  if (!q.search.empty()) args = {like, like};
  auto run = [&](const std::string& sql, auto&& on_row) { db::for_each_row(s, sql, args, on_row); };
  if (total) run("SELECT COUNT(*)" + where, [&](const soci::row& r) { *total = db::get_i64(r, 0); });
  bool desc = !q.sort.empty() && q.sort[0] == '-';
  std::string key = desc ? q.sort.substr(1) : q.sort;
  std::string col = key == "name" ? "lower(v.name)" : key == "duration" ? "v.duration" : key == "views" ? "v.views"
                  : key == "likes" ? "v.likes" : key == "dislikes" ? "v.dislikes" : key == "uuid" ? "v.uuid"
                  : key == "createdAt" ? "b.created_at" : "b.id";
  std::vector<Blacklist> out;
  run(std::string("SELECT ") + kCols + where + " ORDER BY " + col + (desc ? " DESC" : " ASC") + ", b.id ASC LIMIT " +
          std::to_string(q.count) + " OFFSET " + std::to_string(q.start),
      [&](const soci::row& r) { out.push_back(read(r)); });
  return out;
}

}  // namespace vv::model
