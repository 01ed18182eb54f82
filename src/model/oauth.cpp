#include "model/oauth.h"

#include "core/clock.h"
#include "core/crypto.h"
#include "db/database.h"

namespace vv::model {

using db::get_i64;
using db::get_str;

OAuthClient local_client(soci::session& s) {
  soci::rowset<soci::row> rows = (s.prepare << "SELECT id, client_id, client_secret FROM oauth_clients ORDER BY id LIMIT 1");
  for (const auto& r : rows) return {get_i64(r, 0), get_str(r, 1), get_str(r, 2)};
  std::string cid = random_hex(16), secret = random_hex(16);
  long long now = now_ms();
  s << "INSERT INTO oauth_clients (client_id, client_secret, created_at) VALUES (:c, :s, :n) ON CONFLICT DO NOTHING",
      soci::use(cid), soci::use(secret), soci::use(now);
  soci::rowset<soci::row> again = (s.prepare << "SELECT id, client_id, client_secret FROM oauth_clients ORDER BY id LIMIT 1");
  for (const auto& r : again) return {get_i64(r, 0), get_str(r, 1), get_str(r, 2)};
  throw std::runtime_error("could not create the local OAuth client");
}

std::optional<OAuthClient> find_client(soci::session& s, const std::string& client_id) {
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, client_id, client_secret FROM oauth_clients WHERE client_id = :c", soci::use(client_id));
  for (const auto& r : rows) return OAuthClient{get_i64(r, 0), get_str(r, 1), get_str(r, 2)};
  return std::nullopt;
}

void insert_token(soci::session& s, int64_t user_id, int64_t client_id, const std::string& access_token,
                  int64_t access_expires_at, const std::string& refresh_token, int64_t refresh_expires_at) {
  std::string ah = sha256_hex(access_token), rh = sha256_hex(refresh_token);
  long long uid = user_id, cid = client_id, ae = access_expires_at, re = refresh_expires_at, now = now_ms();
  s << "INSERT INTO oauth_tokens (access_token_hash, access_expires_at, refresh_token_hash, refresh_expires_at, "
       "user_id, client_id, created_at) VALUES (:a, :ae, :r, :re, :u, :c, :n)",
      soci::use(ah), soci::use(ae), soci::use(rh), soci::use(re), soci::use(uid), soci::use(cid), soci::use(now);
}

static std::optional<OAuthToken> find_by(soci::session& s, const std::string& column, const std::string& token) {
  std::string h = sha256_hex(token);
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, user_id, access_expires_at, refresh_expires_at FROM oauth_tokens WHERE " + column + " = :h",
       soci::use(h));
  for (const auto& r : rows) return OAuthToken{get_i64(r, 0), get_i64(r, 1), get_i64(r, 2), get_i64(r, 3)};
  return std::nullopt;
}

std::optional<OAuthToken> find_token_by_access(soci::session& s, const std::string& t) {
  return find_by(s, "access_token_hash", t);
}
std::optional<OAuthToken> find_token_by_refresh(soci::session& s, const std::string& t) {
  return find_by(s, "refresh_token_hash", t);
}

void delete_token(soci::session& s, int64_t id) {
  long long tid = id;
  s << "DELETE FROM oauth_tokens WHERE id = :id", soci::use(tid);
}

void delete_tokens_of_user(soci::session& s, int64_t user_id) {
  long long uid = user_id;
  s << "DELETE FROM oauth_tokens WHERE user_id = :u", soci::use(uid);
}

}  // namespace vv::model
