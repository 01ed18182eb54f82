#include "model/history.h"

#include "core/clock.h"
#include "db/database.h"

namespace vv::model {

void record_history(soci::session& s, int64_t user_id, int64_t video_id, int current_time) {
  long long u = user_id, v = video_id, now = now_ms();
  s << "INSERT INTO user_video_history (user_id, video_id, current_time_s, updated_at) VALUES (:u, :v, :t, :n) "
       "ON CONFLICT (user_id, video_id) DO UPDATE SET current_time_s = excluded.current_time_s, updated_at = excluded.updated_at",
      soci::use(u), soci::use(v), soci::use(current_time), soci::use(now);
}

std::optional<int> history_time(soci::session& s, int64_t user_id, int64_t video_id) {
  long long u = user_id, v = video_id;
  int t = 0;
  soci::indicator ind;
  s << "SELECT current_time_s FROM user_video_history WHERE user_id = :u AND video_id = :v", soci::use(u), soci::use(v),
      soci::into(t, ind);
  if (!s.got_data() || ind != soci::i_ok) return std::nullopt;
  return t;
}

std::map<int64_t, int> history_times(soci::session& s, int64_t user_id, const std::vector<int64_t>& video_ids) {
  std::map<int64_t, int> out;
  if (video_ids.empty()) return out;
  std::string ids;
  for (int64_t v : video_ids) ids += (ids.empty() ? "" : ",") + std::to_string(v);
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT video_id, current_time_s FROM user_video_history WHERE user_id = " + std::to_string(user_id) +
                        " AND video_id IN (" + ids + ")");
  for (const auto& r : rows) out[db::get_i64(r, 0)] = static_cast<int>(db::get_i64(r, 1));
  return out;
}

std::vector<int64_t> list_history(soci::session& s, int64_t user_id, const std::string& search, int64_t start,
                                  int64_t count, int64_t* total) {
  long long u = user_id;
  std::string like = "%" + search + "%";
  // Listed like /videos for a signed-in user: public and internal, not blocked.
  std::string where =
      " FROM user_video_history h JOIN videos v ON v.id = h.video_id WHERE h.user_id = :u AND v.privacy IN (1, 4) AND "
      "NOT EXISTS (SELECT 1 FROM video_blacklist b WHERE b.video_id = v.id)";
  if (!search.empty()) where += " AND lower(v.name) LIKE lower(:s)";
  std::vector<std::string> args{std::to_string(u)};
  if (!search.empty()) args.push_back(like);
  auto run = [&](const std::string& sql, auto&& on_row) { db::for_each_row(s, sql, args, on_row); };
  if (total) run("SELECT COUNT(*)" + where, [&](const soci::row& r) { *total = db::get_i64(r, 0); });
  std::vector<int64_t> out;
  run("SELECT h.video_id" + where + " ORDER BY h.updated_at DESC, h.video_id DESC LIMIT " + std::to_string(count) +
          " OFFSET " + std::to_string(start),
      [&](const soci::row& r) { out.push_back(db::get_i64(r, 0)); });
  return out;
}

void delete_history_entry(soci::session& s, int64_t user_id, int64_t video_id) {
  long long u = user_id, v = video_id;
  s << "DELETE FROM user_video_history WHERE user_id = :u AND video_id = :v", soci::use(u), soci::use(v);
}

void delete_history_before(soci::session& s, int64_t user_id, std::optional<int64_t> before_ms) {
  long long u = user_id, b = before_ms.value_or(0);
  if (before_ms) s << "DELETE FROM user_video_history WHERE user_id = :u AND updated_at < :b", soci::use(u), soci::use(b);
  else s << "DELETE FROM user_video_history WHERE user_id = :u", soci::use(u);
}

}  // namespace vv::model
