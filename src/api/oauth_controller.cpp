// /api/v1/oauth-clients/local, /api/v1/users/token, /api/v1/users/revoke-token
// PeerTube's OAuth2 password and refresh_token grants.
#include <boost/json.hpp>

#include "api/auth.h"
#include "api/privileged_tokens.h"
#include "api/routes.h"
#include "api/validate.h"
#include "core/api_error.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "model/oauth.h"

namespace vv::api {

namespace json = boost::json;

static ApiError oauth_error(const std::string& code, const std::string& detail) { return ApiError(400, detail, code); }

static json::object issue_token(ApiContext& ctx, soci::session& s, int64_t user_id, int role, int64_t client_id) {
  auto cfg = ctx.cfg();
  int64_t access_ms = cfg->duration_ms("oauth2.token_lifetime.access_token", 86'400'000);
  int64_t refresh_ms = cfg->duration_ms("oauth2.token_lifetime.refresh_token", 14 * 86'400'000LL);
  std::string access = random_hex(20), refresh = random_hex(20);
  int64_t now = now_ms();
  model::insert_token(s, user_id, client_id, access, now + access_ms, refresh, now + refresh_ms);
  if (role != static_cast<int>(model::Role::user)) privileged_tokens().remember(access, now + access_ms);
  return json::object{{"token_type", "Bearer"},
                      {"access_token", access},
                      {"refresh_token", refresh},
                      {"expires_in", access_ms / 1000},
                      {"refresh_token_expires_in", refresh_ms / 1000}};
}

void register_oauth_routes(http::Router& r, ApiContext& ctx) {
  r.get("/api/v1/oauth-clients/local", [&ctx](http::Request& req) {
    // PeerTube refuses to hand its client to a request made for another host.
    std::string host(req.header("host"));
    std::string expected = ctx.host();
    if (!host.empty() && host != expected && ctx.cfg()->boolean("security.check_oauth_client_host", true))
      throw ApiError(403, "Getting client tokens for host " + host + " is forbidden");
    auto c = ctx.db.write([](soci::session& s) { return model::local_client(s); });
    return http::Response::json(json::object{{"client_id", c.client_id}, {"client_secret", c.client_secret}});
  });

  r.post("/api/v1/users/token", [&ctx](http::Request& req) {
    // OAuth2 (RFC 6749 4.3.2): the token request is form-encoded.
    if (!http::to_lower(req.header("content-type")).starts_with("application/x-www-form-urlencoded"))
      throw oauth_error("invalid_request", "Invalid request: content must be application/x-www-form-urlencoded");
    json::object body = body_object(req);
    auto str = [&](const char* k) -> std::string {
      auto it = body.find(k);
      return it != body.end() && it->value().is_string() ? std::string(it->value().as_string()) : std::string();
    };
    std::string grant = str("grant_type"), client_id = str("client_id"), client_secret = str("client_secret");
    if (grant.empty()) throw oauth_error("invalid_request", "Invalid request: missing grant_type parameter");
    if (grant != "password" && grant != "refresh_token")
      throw oauth_error("unsupported_grant_type", "Unsupported grant type: grant_type is invalid");
    if (client_id.empty()) throw oauth_error("invalid_client", "Invalid client: cannot retrieve client credentials");

    auto result = ctx.db.write([&](soci::session& s) {
      auto client = model::find_client(s, client_id);
      if (!client || !secure_equals(client->client_secret, client_secret))
        throw oauth_error("invalid_client", "Invalid client: client is invalid");
      if (grant == "password") {
        std::string username = str("username"), password = str("password");
        if (username.empty()) throw oauth_error("invalid_request", "Missing parameter: `username`");
        if (password.empty()) throw oauth_error("invalid_request", "Missing parameter: `password`");
        auto user = model::find_user_for_login(s, username);
        if (!user || !bcrypt_verify(password, user->password_hash))
          throw oauth_error("invalid_grant", "Invalid grant: user credentials are invalid");
        if (user->blocked) throw oauth_error("access_denied", "User is blocked.");
        if (ctx.cfg()->boolean("signup.requires_email_verification") && user->email_verified.has_value() &&
            !*user->email_verified)
          throw oauth_error("invalid_grant", "User email is not verified.");
        user->last_login_date = now_ms();
        model::save_user(s, *user);
        return issue_token(ctx, s, user->id, user->role, client->id);
      }
      std::string refresh = str("refresh_token");
      if (refresh.empty()) throw oauth_error("invalid_request", "Missing parameter: `refresh_token`");
      auto t = model::find_token_by_refresh(s, refresh);
      if (!t || t->refresh_expires_at < now_ms())
        throw oauth_error("invalid_grant", "Invalid grant: refresh token is invalid");
      auto user = model::find_user(s, t->user_id);
      if (!user || user->blocked) throw oauth_error("invalid_grant", "Invalid grant: refresh token is invalid");
      model::delete_token(s, t->id);  // a refresh token is used once
      return issue_token(ctx, s, user->id, user->role, client->id);
    });
    auto res = http::Response::json(result);
    res.set_header("cache-control", "no-store");
    res.set_header("pragma", "no-cache");
    return res;
  }, {.body_limit = 64 * 1024});

  r.post("/api/v1/users/revoke-token", [&ctx](http::Request& req) {
    require_user(ctx, req);
    std::string token(req.header("authorization").substr(7));
    while (!token.empty() && token.front() == ' ') token.erase(token.begin());
    ctx.db.write([&](soci::session& s) {
      if (auto t = model::find_token_by_access(s, token)) model::delete_token(s, t->id);
    });
    privileged_tokens().forget_all();
    return http::Response::json(json::object{{"success", true}});
  });
}

}  // namespace vv::api
