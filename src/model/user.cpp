#include "model/user.h"

#include "model/playlist.h"

#include <boost/json.hpp>

#include "core/clock.h"
#include "db/database.h"

namespace vv::model {

using db::get_i64;
using db::get_str;

const char* role_label(int role) {
  switch (role) {
    case 0: return "Administrator";
    case 1: return "Moderator";
    default: return "User";
  }
}

static const char* kUserColumns =
    "SELECT id, username, email, pending_email, password, role, admin_flags, video_quota, video_quota_daily, blocked, "
    "blocked_reason, email_verified, email_public, nsfw_policy, p2p_enabled, videos_history_enabled, auto_play_video, "
    "auto_play_next_video, auto_play_next_video_playlist, video_languages, language, theme, "
    "no_instance_config_warning_modal, no_welcome_modal, no_account_setup_warning_modal, last_login_date, created_at, "
    "updated_at FROM users ";

static User read_user(const soci::row& r) {
  User u;
  u.id = get_i64(r, 0);
  u.username = get_str(r, 1);
  u.email = get_str(r, 2);
  if (!db::is_null(r, 3)) u.pending_email = get_str(r, 3);
  u.password_hash = get_str(r, 4);
  u.role = static_cast<int>(get_i64(r, 5));
  u.admin_flags = static_cast<int>(get_i64(r, 6));
  u.video_quota = get_i64(r, 7);
  u.video_quota_daily = get_i64(r, 8);
  u.blocked = get_i64(r, 9) != 0;
  if (!db::is_null(r, 10)) u.blocked_reason = get_str(r, 10);
  if (!db::is_null(r, 11)) u.email_verified = get_i64(r, 11) != 0;
  u.email_public = get_i64(r, 12) != 0;
  u.nsfw_policy = get_str(r, 13);
  u.p2p_enabled = get_i64(r, 14) != 0;
  u.videos_history_enabled = get_i64(r, 15) != 0;
  u.auto_play_video = get_i64(r, 16) != 0;
  u.auto_play_next_video = get_i64(r, 17) != 0;
  u.auto_play_next_video_playlist = get_i64(r, 18) != 0;
  if (!db::is_null(r, 19)) {
    std::vector<std::string> langs;
    try {
      for (const auto& v : boost::json::parse(get_str(r, 19)).as_array())
        if (v.is_string()) langs.emplace_back(v.as_string());
    } catch (const std::exception&) {
    }
    u.video_languages = std::move(langs);
  }
  u.language = get_str(r, 20);
  u.theme = get_str(r, 21);
  u.no_instance_config_warning_modal = get_i64(r, 22) != 0;
  u.no_welcome_modal = get_i64(r, 23) != 0;
  u.no_account_setup_warning_modal = get_i64(r, 24) != 0;
  if (!db::is_null(r, 25)) u.last_login_date = get_i64(r, 25);
  u.created_at = get_i64(r, 26);
  u.updated_at = get_i64(r, 27);
  return u;
}

static std::optional<User> query_one(soci::session& s, const std::string& where, const std::string& arg) {
  soci::rowset<soci::row> rows = (s.prepare << std::string(kUserColumns) + where, soci::use(arg));
  for (const auto& r : rows) return read_user(r);
  return std::nullopt;
}

CreatedUser insert_user(soci::session& s, const NewUser& nu, const std::string& base_url) {
  long long now = now_ms(), uid = 0, quota = nu.video_quota, daily = nu.video_quota_daily;
  int role = nu.role, flags = nu.admin_flags;
  int verified = nu.email_verified.value_or(false) ? 1 : 0;
  soci::indicator vind = nu.email_verified ? soci::i_ok : soci::i_null;
  s << "INSERT INTO users (username, email, password, role, admin_flags, video_quota, video_quota_daily, "
       "email_verified, nsfw_policy, created_at, updated_at) VALUES (:u, :e, :p, :r, :f, :q, :qd, :v, :n, :c, :m) "
       "RETURNING id",
      soci::use(nu.username), soci::use(nu.email), soci::use(nu.password_hash), soci::use(role), soci::use(flags),
      soci::use(quota), soci::use(daily), soci::use(verified, vind), soci::use(nu.nsfw_policy), soci::use(now),
      soci::use(now), soci::into(uid);
  int64_t account_actor = insert_local_actor(s, "Person", nu.username, base_url, "accounts");
  int64_t account_id = insert_account(s, account_actor, uid, nu.display_name.empty() ? nu.username : nu.display_name);
  int64_t channel_actor = insert_local_actor(s, "Group", nu.channel_name, base_url, "video-channels");
  int64_t channel_id = insert_channel(s, channel_actor, account_id, nu.channel_display_name, "", "");
  ensure_watch_later_playlists(s, base_url);
  return {uid, account_id, channel_id};
}

std::optional<User> find_user(soci::session& s, int64_t id) { return query_one(s, "WHERE id = :id", std::to_string(id)); }

std::optional<User> find_user_by_username(soci::session& s, const std::string& username) {
  return query_one(s, "WHERE lower(username) = lower(:u)", username);
}

std::optional<User> find_user_for_login(soci::session& s, const std::string& login) {
  if (login.find('@') != std::string::npos) return query_one(s, "WHERE lower(email) = lower(:e)", login);
  return find_user_by_username(s, login);
}

bool username_or_email_taken(soci::session& s, const std::string& username, const std::string& email) {
  int n = 0;
  s << "SELECT COUNT(*) FROM users WHERE lower(username) = lower(:u) OR lower(email) = lower(:e)", soci::use(username),
      soci::use(email), soci::into(n);
  return n > 0;
}

bool email_taken(soci::session& s, const std::string& email, int64_t except) {
  int n = 0;
  long long id = except;
  s << "SELECT COUNT(*) FROM users WHERE (lower(email) = lower(:e) OR lower(pending_email) = lower(:e2)) AND id <> :id",
      soci::use(email), soci::use(email), soci::use(id), soci::into(n);
  return n > 0;
}

int64_t count_users(soci::session& s) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM users", soci::into(n);
  return n;
}

std::vector<User> list_users(soci::session& s, const UserListQuery& q, int64_t* total) {
  std::string where = " WHERE 1=1";
  std::vector<std::string> args;
  if (!q.search.empty()) {
    where += " AND (lower(username) LIKE lower(:s1) OR lower(email) LIKE lower(:s2))";
    std::string like = "%" + q.search + "%";
    args = {like, like};
  }
  if (q.blocked) where += *q.blocked ? " AND blocked = 1" : " AND blocked = 0";

  bool desc = !q.page.sort.empty() && q.page.sort[0] == '-';
  std::string key = desc ? q.page.sort.substr(1) : q.page.sort;
  std::string col = key == "username" ? "username"
                  : key == "role" ? "role"
                  : key == "lastLoginDate" ? "last_login_date"
                  : key == "id" ? "id"
                  : "created_at";
  std::string order = " ORDER BY " + col + (desc ? " DESC" : " ASC") + ", id ASC";

  auto run = [&](const std::string& sql, auto&& on_row) { db::for_each_row(s, sql, args, on_row); };
  if (total) run("SELECT COUNT(*) FROM users" + where, [&](const soci::row& r) { *total = get_i64(r, 0); });
  std::vector<User> out;
  run(std::string(kUserColumns) + where + order + " LIMIT " + std::to_string(q.page.count) + " OFFSET " +
          std::to_string(q.page.start),
      [&](const soci::row& r) { out.push_back(read_user(r)); });
  return out;
}

void save_user(soci::session& s, const User& u) {
  long long id = u.id, quota = u.video_quota, daily = u.video_quota_daily, now = now_ms(),
            last_login = u.last_login_date.value_or(0);
  int role = u.role, flags = u.admin_flags, blocked = u.blocked, email_public = u.email_public, p2p = u.p2p_enabled,
      hist = u.videos_history_enabled, apv = u.auto_play_video, apn = u.auto_play_next_video,
      app = u.auto_play_next_video_playlist, m1 = u.no_instance_config_warning_modal, m2 = u.no_welcome_modal,
      m3 = u.no_account_setup_warning_modal, verified = u.email_verified.value_or(false);
  std::string pending = u.pending_email.value_or(""), reason = u.blocked_reason.value_or(""), langs;
  if (u.video_languages) {
    boost::json::array a;
    for (const auto& l : *u.video_languages) a.emplace_back(l);
    langs = boost::json::serialize(a);
  }
  soci::indicator pind = u.pending_email ? soci::i_ok : soci::i_null;
  soci::indicator rind = u.blocked_reason ? soci::i_ok : soci::i_null;
  soci::indicator vind = u.email_verified ? soci::i_ok : soci::i_null;
  soci::indicator lind = u.video_languages ? soci::i_ok : soci::i_null;
  soci::indicator llind = u.last_login_date ? soci::i_ok : soci::i_null;
  s << "UPDATE users SET email = :email, pending_email = :pending, password = :pw, role = :role, admin_flags = :flags, "
       "video_quota = :q, video_quota_daily = :qd, blocked = :b, blocked_reason = :br, email_verified = :ev, "
       "email_public = :ep, nsfw_policy = :nsfw, p2p_enabled = :p2p, videos_history_enabled = :hist, "
       "auto_play_video = :apv, auto_play_next_video = :apn, auto_play_next_video_playlist = :app, "
       "video_languages = :langs, language = :lang, theme = :theme, no_instance_config_warning_modal = :m1, "
       "no_welcome_modal = :m2, no_account_setup_warning_modal = :m3, last_login_date = :ll, updated_at = :now "
       "WHERE id = :id",
      soci::use(u.email), soci::use(pending, pind), soci::use(u.password_hash), soci::use(role), soci::use(flags),
      soci::use(quota), soci::use(daily), soci::use(blocked), soci::use(reason, rind), soci::use(verified, vind),
      soci::use(email_public), soci::use(u.nsfw_policy), soci::use(p2p), soci::use(hist), soci::use(apv),
      soci::use(apn), soci::use(app), soci::use(langs, lind), soci::use(u.language), soci::use(u.theme),
      soci::use(m1), soci::use(m2), soci::use(m3), soci::use(last_login, llind), soci::use(now), soci::use(id);
}

void delete_user(soci::session& s, int64_t id) {
  long long uid = id;
  // Actors of the user's account and channels; rows below them cascade.
  s << "DELETE FROM actors WHERE id IN (SELECT vc.actor_id FROM video_channels vc JOIN accounts ac ON ac.id = "
       "vc.account_id WHERE ac.user_id = :u)",
      soci::use(uid);
  s << "DELETE FROM actors WHERE id IN (SELECT actor_id FROM accounts WHERE user_id = :u)", soci::use(uid);
  s << "DELETE FROM users WHERE id = :u", soci::use(uid);
}

}  // namespace vv::model
