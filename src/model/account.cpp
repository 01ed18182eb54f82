#include "model/account.h"

#include "core/clock.h"
#include "db/database.h"

namespace vv::model {

using db::get_i64;
using db::get_str;

Handle parse_handle(const std::string& handle, const std::string& local_host) {
  Handle h;
  auto at = handle.find('@');
  if (at == std::string::npos) {
    h.name = handle;
  } else {
    h.name = handle.substr(0, at);
    std::string host = handle.substr(at + 1);
    if (host != local_host) h.host = host;
  }
  return h;
}

static std::string order_by(const std::string& sort, const std::string& table) {
  bool desc = !sort.empty() && sort[0] == '-';
  std::string key = desc ? sort.substr(1) : sort;
  std::string col;
  if (key == "createdAt") col = table + ".created_at";
  else if (key == "updatedAt") col = table + ".updated_at";
  else if (key == "name") col = "a.preferred_username";
  else if (key == "id") col = table + ".id";
  else col = table + ".created_at";
  return " ORDER BY " + col + (desc ? " DESC" : " ASC") + ", " + table + ".id" + (desc ? " DESC" : " ASC");
}

// ---- accounts ----

static const std::string kAccountSelect =
    std::string("SELECT ac.id, ac.user_id, ac.display_name, ac.description, ac.created_at, ac.updated_at, ") +
    kActorColumns + " FROM accounts ac JOIN actors a ON a.id = ac.actor_id LEFT JOIN servers sv ON sv.id = a.server_id ";

static Account read_account(const soci::row& r) {
  Account ac;
  ac.id = get_i64(r, 0);
  if (!db::is_null(r, 1)) ac.user_id = get_i64(r, 1);
  ac.display_name = get_str(r, 2);
  ac.description = get_str(r, 3);
  ac.created_at = get_i64(r, 4);
  ac.updated_at = get_i64(r, 5);
  ac.actor = read_actor(r, 6);
  return ac;
}

static std::vector<Account> query_accounts(soci::session& s, const std::string& where, const std::string& tail,
                                           std::vector<std::string> args) {
  std::vector<Account> out;
  db::for_each_row(s, kAccountSelect + where + tail, std::move(args), [&](const soci::row& row) { out.push_back(read_account(row)); });
  std::vector<Actor*> actors;
  for (auto& a : out) actors.push_back(&a.actor);
  load_images(s, actors);
  return out;
}

int64_t insert_account(soci::session& s, int64_t actor_id, std::optional<int64_t> user_id, const std::string& display_name) {
  long long aid = actor_id, uid = user_id.value_or(0), now = now_ms(), id = 0;
  soci::indicator uind = user_id ? soci::i_ok : soci::i_null;
  s << "INSERT INTO accounts (actor_id, user_id, display_name, description, created_at, updated_at) "
       "VALUES (:a, :u, :d, NULL, :c, :m) RETURNING id",
      soci::use(aid), soci::use(uid, uind), soci::use(display_name), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

std::optional<Account> find_account(soci::session& s, int64_t id) {
  auto v = query_accounts(s, "WHERE ac.id = :id", "", {std::to_string(id)});
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::optional<Account> find_account_by_handle(soci::session& s, const Handle& h) {
  std::vector<Account> v;
  if (h.host)
    v = query_accounts(s, "WHERE lower(a.preferred_username) = lower(:n) AND sv.host = :h AND a.type = 'Person'", "",
                       {h.name, *h.host});
  else
    v = query_accounts(s, "WHERE lower(a.preferred_username) = lower(:n) AND a.server_id IS NULL AND a.type = 'Person'",
                       "", {h.name});
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::optional<Account> find_account_of_user(soci::session& s, int64_t user_id) {
  auto v = query_accounts(s, "WHERE ac.user_id = :u", "", {std::to_string(user_id)});
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<Account> list_accounts(soci::session& s, const Page& p, int64_t* total) {
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM accounts", soci::into(n);
    *total = n;
  }
  return query_accounts(s, "", order_by(p.sort, "ac") + " LIMIT " + std::to_string(p.count) + " OFFSET " + std::to_string(p.start), {});
}

void update_account(soci::session& s, int64_t id, const std::optional<std::string>& display_name,
                    const std::optional<std::string>& description) {
  long long aid = id, now = now_ms();
  if (display_name) s << "UPDATE accounts SET display_name = :d WHERE id = :id", soci::use(*display_name), soci::use(aid);
  if (description) s << "UPDATE accounts SET description = :d WHERE id = :id", soci::use(*description), soci::use(aid);
  s << "UPDATE accounts SET updated_at = :n WHERE id = :id", soci::use(now), soci::use(aid);
  s << "UPDATE actors SET updated_at = :n WHERE id = (SELECT actor_id FROM accounts WHERE id = :id)", soci::use(now), soci::use(aid);
}

// ---- channels ----

static const std::string kChannelSelect =
    std::string("SELECT vc.id, vc.account_id, vc.display_name, vc.description, vc.support, vc.created_at, vc.updated_at, ") +
    kActorColumns +
    " FROM video_channels vc JOIN actors a ON a.id = vc.actor_id LEFT JOIN servers sv ON sv.id = a.server_id ";

static std::vector<Channel> query_channels(soci::session& s, const std::string& where, const std::string& tail,
                                           std::vector<std::string> args) {
  std::vector<Channel> out;
  db::for_each_row(s, kChannelSelect + where + tail, std::move(args), [&](const soci::row& row) {
    Channel c;
    c.id = get_i64(row, 0);
    c.account_id = get_i64(row, 1);
    c.display_name = get_str(row, 2);
    c.description = get_str(row, 3);
    c.support = get_str(row, 4);
    c.created_at = get_i64(row, 5);
    c.updated_at = get_i64(row, 6);
    c.actor = read_actor(row, 7);
    out.push_back(std::move(c));
  });
  std::vector<Actor*> actors;
  for (auto& c : out) actors.push_back(&c.actor);
  load_images(s, actors);
  for (auto& c : out) c.owner = find_account(s, c.account_id);
  return out;
}

int64_t insert_channel(soci::session& s, int64_t actor_id, int64_t account_id, const std::string& display_name,
                       const std::string& description, const std::string& support) {
  long long aid = actor_id, acc = account_id, now = now_ms(), id = 0;
  soci::indicator dind = description.empty() ? soci::i_null : soci::i_ok;
  soci::indicator sind = support.empty() ? soci::i_null : soci::i_ok;
  s << "INSERT INTO video_channels (actor_id, account_id, display_name, description, support, created_at, updated_at) "
       "VALUES (:a, :acc, :d, :desc, :sup, :c, :m) RETURNING id",
      soci::use(aid), soci::use(acc), soci::use(display_name), soci::use(description, dind), soci::use(support, sind),
      soci::use(now), soci::use(now), soci::into(id);
  return id;
}

std::optional<Channel> find_channel(soci::session& s, int64_t id) {
  auto v = query_channels(s, "WHERE vc.id = :id", "", {std::to_string(id)});
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::optional<Channel> find_channel_by_handle(soci::session& s, const Handle& h) {
  std::vector<Channel> v;
  if (h.host)
    v = query_channels(s, "WHERE lower(a.preferred_username) = lower(:n) AND sv.host = :h AND a.type = 'Group'", "",
                       {h.name, *h.host});
  else
    v = query_channels(s, "WHERE lower(a.preferred_username) = lower(:n) AND a.server_id IS NULL AND a.type = 'Group'",
                       "", {h.name});
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<Channel> list_channels(soci::session& s, const Page& p, std::optional<int64_t> account_id, int64_t* total) {
  std::string where = account_id ? "WHERE vc.account_id = :acc" : "";
  std::vector<std::string> args;
  if (account_id) args.push_back(std::to_string(*account_id));
  if (total) {
    long long n = 0;
    if (account_id) {
      long long acc = *account_id;
      s << "SELECT COUNT(*) FROM video_channels WHERE account_id = :a", soci::use(acc), soci::into(n);
    } else {
      s << "SELECT COUNT(*) FROM video_channels", soci::into(n);
    }
    *total = n;
  }
  return query_channels(s, where, order_by(p.sort, "vc") + " LIMIT " + std::to_string(p.count) + " OFFSET " + std::to_string(p.start), args);
}

int64_t count_channels_of_account(soci::session& s, int64_t account_id) {
  long long n = 0, acc = account_id;
  s << "SELECT COUNT(*) FROM video_channels WHERE account_id = :a", soci::use(acc), soci::into(n);
  return n;
}

void update_channel(soci::session& s, int64_t id, const std::optional<std::string>& display_name,
                    const std::optional<std::string>& description, const std::optional<std::string>& support) {
  long long cid = id, now = now_ms();
  if (display_name) s << "UPDATE video_channels SET display_name = :d WHERE id = :id", soci::use(*display_name), soci::use(cid);
  if (description) s << "UPDATE video_channels SET description = :d WHERE id = :id", soci::use(*description), soci::use(cid);
  if (support) s << "UPDATE video_channels SET support = :d WHERE id = :id", soci::use(*support), soci::use(cid);
  s << "UPDATE video_channels SET updated_at = :n WHERE id = :id", soci::use(now), soci::use(cid);
  s << "UPDATE actors SET updated_at = :n WHERE id = (SELECT actor_id FROM video_channels WHERE id = :id)", soci::use(now), soci::use(cid);
}

void delete_channel(soci::session& s, const Channel& c) {
  long long aid = c.actor.id;
  // The channel row goes with its actor (ON DELETE CASCADE).
  s << "DELETE FROM actors WHERE id = :a", soci::use(aid);
}

}  // namespace vv::model
