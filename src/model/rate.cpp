#include "model/rate.h"

#include "core/clock.h"
#include "db/database.h"

namespace vv::model {

std::optional<std::string> find_rate(soci::session& s, int64_t account_id, int64_t video_id) {
  long long a = account_id, v = video_id;
  std::string type;
  soci::indicator ind;
  s << "SELECT type FROM video_rates WHERE account_id = :a AND video_id = :v", soci::use(a), soci::use(v),
      soci::into(type, ind);
  if (!s.got_data() || ind != soci::i_ok) return std::nullopt;
  return type;
}

void set_rate(soci::session& s, int64_t account_id, int64_t video_id, const std::string& rating) {
  long long a = account_id, v = video_id, now = now_ms();
  s << "DELETE FROM video_rates WHERE account_id = :a AND video_id = :v", soci::use(a), soci::use(v);
  if (rating == "like" || rating == "dislike")
    s << "INSERT INTO video_rates (account_id, video_id, type, created_at) VALUES (:a, :v, :t, :c)", soci::use(a),
        soci::use(v), soci::use(rating), soci::use(now);
  s << "UPDATE videos SET likes = (SELECT COUNT(*) FROM video_rates WHERE video_id = :v1 AND type = 'like'), "
       "dislikes = (SELECT COUNT(*) FROM video_rates WHERE video_id = :v2 AND type = 'dislike') WHERE id = :v3",
      soci::use(v), soci::use(v), soci::use(v);
}

std::vector<AccountRate> list_account_rates(soci::session& s, int64_t account_id, const std::string& type, int64_t start,
                                            int64_t count, int64_t* total) {
  long long a = account_id;
  std::string where = " FROM video_rates WHERE account_id = :a";
  if (!type.empty()) where += " AND type = :t";
  std::vector<std::string> args{std::to_string(a)};
  if (!type.empty()) args.push_back(type);
  auto run = [&](const std::string& sql, auto&& on_row) { db::for_each_row(s, sql, args, on_row); };
  if (total) run("SELECT COUNT(*)" + where, [&](const soci::row& r) { *total = db::get_i64(r, 0); });
  std::vector<AccountRate> out;
  run("SELECT video_id, type" + where + " ORDER BY created_at DESC LIMIT " + std::to_string(count) + " OFFSET " +
          std::to_string(start),
      [&](const soci::row& r) { out.push_back({db::get_i64(r, 0), db::get_str(r, 1)}); });
  return out;
}

}  // namespace vv::model
