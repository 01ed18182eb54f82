#include "api/auth.h"

#include <chrono>
#include <unordered_map>

#include "core/api_error.h"
#include "core/clock.h"
#include "api/privileged_tokens.h"
#include "model/oauth.h"

namespace vv::api {

bool has_right(int role, Right r) {
  if (role == static_cast<int>(model::Role::administrator)) return true;
  if (role == static_cast<int>(model::Role::moderator)) {
    switch (r) {
      case Right::manage_video_blacklist:
      case Right::manage_any_video_channel:
      case Right::remove_any_video:
      case Right::remove_any_video_playlist:
      case Right::remove_any_video_comment:
      case Right::update_any_video:
      case Right::see_all_videos:
      case Right::manage_accounts_blocklist:
      case Right::manage_servers_blocklist:
      case Right::manage_users:
      case Right::see_all_comments:
      case Right::manage_registrations:
      case Right::manage_abuses:
        return true;
      default:
        return false;
    }
  }
  return false;
}

std::optional<model::User> authenticate(ApiContext& ctx, const http::Request& req) {
  std::string_view h = req.header("authorization");
  if (h.empty()) return std::nullopt;
  // As node-oauth2-server: a malformed header is a bad request, an unknown
  // or expired token is 401 invalid_token.
  if (h.size() < 7 || http::to_lower(h.substr(0, 7)) != "bearer ")
    throw ApiError(400, "Invalid request: malformed authorization header", "invalid_request");
  std::string token(h.substr(7));
  while (!token.empty() && token.front() == ' ') token.erase(token.begin());
  if (token.empty()) throw ApiError(400, "Invalid request: malformed authorization header", "invalid_request");
  if (token.size() > 512) throw ApiError(401, "Invalid token: access token is invalid", "invalid_token");
  // Per-thread cache of recent tokens: valid until any database write (a
  // logout, a block, a role change all write) and at most a few seconds
  // (another process on the same database may have written).
  struct Cached {
    uint64_t generation;
    std::chrono::steady_clock::time_point fetched;
    int64_t access_expires_at;
    model::User user;
  };
  thread_local std::unordered_map<std::string, Cached> cache;
  uint64_t generation = ctx.db.write_generation();
  auto now = std::chrono::steady_clock::now();
  if (auto it = cache.find(token); it != cache.end()) {
    const auto& c = it->second;
    if (c.generation == generation && now - c.fetched < std::chrono::seconds(5) && c.access_expires_at >= now_ms())
      return c.user;
    cache.erase(it);
  }
  return ctx.db.read([&](soci::session& s) -> std::optional<model::User> {
    auto t = model::find_token_by_access(s, token);
    if (!t) throw ApiError(401, "Invalid token", "invalid_token");
    if (t->access_expires_at < now_ms()) throw ApiError(401, "Invalid token: access token has expired", "invalid_token");
    auto u = model::find_user(s, t->user_id);
    if (!u) throw ApiError(401, "Invalid token", "invalid_token");
    if (u->blocked) throw ApiError(401, "User is blocked", "invalid_token");
    if (u->role == static_cast<int>(model::Role::administrator) || u->role == static_cast<int>(model::Role::moderator))
      privileged_tokens().remember(token, t->access_expires_at);
    if (cache.size() > 1000) cache.clear();  // per worker thread: bounded memory
    cache[token] = Cached{generation, now, t->access_expires_at, *u};
    return u;
  });
}

model::User require_user(ApiContext& ctx, const http::Request& req) {
  auto u = authenticate(ctx, req);
  if (!u) throw ApiError(401, "Unauthorized request: no authentication given", "unauthorized_request");
  return std::move(*u);
}

model::User require_right(ApiContext& ctx, const http::Request& req, Right r) {
  auto u = require_user(ctx, req);
  if (!has_right(u.role, r)) throw ApiError(403, "User cannot do this action");
  return u;
}

}  // namespace vv::api
