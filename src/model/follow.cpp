#include "model/follow.h"

#include "core/clock.h"
#include "db/database.h"

namespace vv::model {

bool follows(soci::session& s, int64_t actor_id, int64_t target_actor_id) {
  long long a = actor_id, t = target_actor_id, n = 0;
  s << "SELECT COUNT(*) FROM actor_follows WHERE actor_id = :a AND target_actor_id = :t", soci::use(a), soci::use(t),
      soci::into(n);
  return n > 0;
}

bool add_follow(soci::session& s, int64_t actor_id, int64_t target_actor_id, const std::string& url) {
  long long a = actor_id, t = target_actor_id, now = now_ms();
  soci::indicator ui = url.empty() ? soci::i_null : soci::i_ok;
  // Two clicks at once: the second is a no-op, not a unique-key error.
  soci::statement st = (s.prepare << "INSERT INTO actor_follows (actor_id, target_actor_id, state, url, created_at, "
                                     "updated_at) VALUES (:a, :t, 'accepted', :u, :c, :m) ON CONFLICT (actor_id, "
                                     "target_actor_id) DO NOTHING",
                        soci::use(a), soci::use(t), soci::use(url, ui), soci::use(now), soci::use(now));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool remove_follow(soci::session& s, int64_t actor_id, int64_t target_actor_id) {
  long long a = actor_id, t = target_actor_id;
  soci::statement st = (s.prepare << "DELETE FROM actor_follows WHERE actor_id = :a AND target_actor_id = :t",
                        soci::use(a), soci::use(t));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

void refresh_follow_counts(soci::session& s, int64_t actor_id) {
  long long a = actor_id;
  // Two subscriptions committing at once would each count without the
  // other's row: the actor's row lock makes the second count after the
  // first commits (SQLite's write lock already does).
  if (s.get_backend_name() == "postgresql") s << "SELECT id FROM actors WHERE id = :a FOR UPDATE", soci::use(a);
  s << "UPDATE actors SET followers_count = (SELECT COUNT(*) FROM actor_follows WHERE target_actor_id = :a AND state = "
       "'accepted'), following_count = (SELECT COUNT(*) FROM actor_follows WHERE actor_id = :a2 AND state = "
       "'accepted') WHERE id = :a3",
      soci::use(a), soci::use(a), soci::use(a);
}

std::vector<Channel> followed_channels(soci::session& s, int64_t actor_id, const Page& page, const std::string& search,
                                       int64_t* total) {
  std::string from =
      " FROM actor_follows f JOIN video_channels vc ON vc.actor_id = f.target_actor_id WHERE f.actor_id = :a AND "
      "f.state = 'accepted'";
  std::vector<std::string> args{std::to_string(actor_id)};
  if (!search.empty()) {
    from += " AND lower(vc.display_name) LIKE :q";
    std::string q = "%";
    for (char c : search) q += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    args.push_back(q + "%");
  }
  if (total)
    db::for_each_row(s, "SELECT COUNT(*)" + from, args, [&](const soci::row& r) { *total = db::get_i64(r, 0); });
  // PeerTube sorts subscriptions by follow date (createdAt) or by name.
  std::string order = page.sort == "name" ? "lower(vc.display_name) ASC" : page.sort == "-name" ? "lower(vc.display_name) DESC"
                      : page.sort == "createdAt" || page.sort == "id" ? "f.created_at ASC, f.id ASC" : "f.created_at DESC, f.id DESC";
  std::vector<int64_t> ids;
  db::for_each_row(s,
                   "SELECT vc.id" + from + " ORDER BY " + order + " LIMIT " + std::to_string(page.count) + " OFFSET " +
                       std::to_string(page.start),
                   args, [&](const soci::row& r) { ids.push_back(db::get_i64(r, 0)); });
  std::vector<Channel> out;
  for (int64_t id : ids)
    if (auto c = find_channel(s, id)) out.push_back(std::move(*c));
  return out;
}

}  // namespace vv::model
