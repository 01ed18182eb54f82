// /api/v1/users/register and the admin user routes /api/v1/users[/{id}].
#include <boost/json.hpp>

#include "api/actor_images.h"
#include "api/auth.h"
#include "api/privileged_tokens.h"
#include "api/routes.h"
#include "api/users_common.h"
#include "api/video_publish.h"
#include "api/validate.h"
#include "api/views.h"
#include "core/api_error.h"
#include "core/crypto.h"
#include "core/clock.h"
#include "model/oauth.h"
#include "model/video.h"

namespace vv::api {

namespace json = boost::json;

// Moderators manage plain users only; nobody manages the root account but root.
static void ensure_can_manage(const model::User& actor, const model::User& target) {
  if (actor.role == static_cast<int>(model::Role::administrator)) return;
  if (target.role != static_cast<int>(model::Role::user))
    throw ApiError(403, "A moderator can only manage users");
}

static model::User load_target(ApiContext& ctx, soci::session& s, const http::Request& req) {
  auto u = model::find_user(s, parse_id(req.param("id")));
  if (!u) throw ApiError(404, "User not found");
  return *u;
}

void register_users_routes(http::Router& r, ApiContext& ctx) {
  r.post("/api/v1/users/register", [&ctx](http::Request& req) {
    auto cfg = ctx.cfg();
    if (!cfg->boolean("signup.enabled")) throw ApiError(403, "User registration is not enabled.");
    if (cfg->boolean("signup.requires_approval"))
      throw ApiError(403, "User registration requires approval: use /api/v1/users/registrations/request");
    json::object body = body_object(req);
    NewUserRequest nu = parse_new_user(body, /*admin=*/false);
    int64_t limit = cfg->integer("signup.limit", -1);
    nu.role = static_cast<int>(model::Role::user);
    if (cfg->boolean("signup.requires_email_verification")) nu.email_verified = false;
    create_user(ctx, nu, limit);
    return http::Response::no_content();
  }, {.body_limit = 64 * 1024});

  r.get("/api/v1/users", [&ctx](http::Request& req) {
    require_right(ctx, req, Right::manage_users);
    model::UserListQuery q;
    q.page = page_from_query(req, {"id", "username", "createdAt", "lastLoginDate", "role"});
    q.search = req.query_param("search").value_or("");
    if (auto b = req.query_param("blocked")) {
      if (*b != "true" && *b != "false") throw invalid_param("blocked", "Should be a boolean", "query", json::value(*b));
      q.blocked = *b == "true";
    }
    return ctx.db.read([&](soci::session& s) {
      int64_t total = 0;
      auto users = model::list_users(s, q, &total);
      json::array data;
      for (const auto& u : users) data.push_back(full_user_json(ctx, s, u, false));
      return http::Response::json(list_json(total, std::move(data)));
    });
  });

  r.post("/api/v1/users", [&ctx](http::Request& req) {
    auto actor = require_right(ctx, req, Right::manage_users);
    json::object body = body_object(req);
    NewUserRequest nu = parse_new_user(body, /*admin=*/true);
    if (actor.role != static_cast<int>(model::Role::administrator) && nu.role != static_cast<int>(model::Role::user))
      throw ApiError(403, "A moderator can only create users");
    auto created = create_user(ctx, nu, -1);
    return http::Response::json(json::object{
        {"user", json::object{{"id", created.user_id}, {"account", json::object{{"id", created.account_id}}}}}});
  }, {.body_limit = 64 * 1024});

  r.get("/api/v1/users/:id", [&ctx](http::Request& req) {
    auto actor = require_right(ctx, req, Right::manage_users);
    return ctx.db.read([&](soci::session& s) {
      auto u = load_target(ctx, s, req);
      json::object o = full_user_json(ctx, s, u, false);
      if (req.query_param("withStats").value_or("") == "true") {
        // Comments and abuses arrive with later issues: none can exist yet.
        for (const char* k : {"videoCommentsCount", "abusesCount", "abusesAcceptedCount", "abusesCreatedCount"}) o[k] = 0;
        model::VideoListQuery q;
        q.owner_user_id = u.id;
        q.include_all_privacies = q.include_not_published = q.include_blacklisted = true;
        q.count = 0;
        int64_t videos = 0;
        model::list_videos(s, q, &videos);
        o["videosCount"] = videos;
        int64_t used = model::user_video_bytes(s, u.id, std::nullopt);
        o["videoQuotaUsed"] = used;
        o["videoQuotaUsedDaily"] = model::user_video_bytes(s, u.id, now_ms() - 86'400'000);
        o["totalVideoFileSize"] = used;
      }
      return http::Response::json(o);
    });
  });

  r.put("/api/v1/users/:id", [&ctx](http::Request& req) {
    auto actor = require_right(ctx, req, Right::manage_users);
    json::object body = body_object(req);
    auto email = opt_string(body, "email", 3, 400);
    if (email && !valid_email(*email)) throw invalid_param("email", "Should be a valid email");
    auto email_verified = opt_bool(body, "emailVerified");
    auto quota = opt_int(body, "videoQuota", -1, INT64_MAX);
    auto daily = opt_int(body, "videoQuotaDaily", -1, INT64_MAX);
    auto role = opt_int(body, "role", 0, 2);
    auto flags = opt_int(body, "adminFlags", 0, 1);
    auto password = opt_string(body, "password", 6, 255);
    std::string new_hash = password ? bcrypt_hash(*password) : "";  // slow: outside the transaction
    ctx.db.write([&](soci::session& s) {
      auto u = load_target(ctx, s, req);
      ensure_can_manage(actor, u);
      if (u.username == "root" && role && *role != u.role) throw ApiError(400, "Cannot change root role.");
      if (actor.role != 0 && role && *role != 2) throw ApiError(403, "A moderator can only manage users");
      if (email) {
        if (model::email_taken(s, *email, u.id)) throw ApiError(409, "Email already exists.");
        u.email = *email;
      }
      if (email_verified) u.email_verified = *email_verified;
      if (quota) u.video_quota = *quota;
      if (daily) u.video_quota_daily = *daily;
      bool revoke = false;
      if (role && *role != u.role) {
        u.role = static_cast<int>(*role);
        revoke = true;  // rights change: sessions start over
      }
      if (flags) u.admin_flags = static_cast<int>(*flags);
      if (password) {
        u.password_hash = new_hash;
        revoke = true;
      }
      if (revoke) model::delete_tokens_of_user(s, u.id);
      model::save_user(s, u);
    });
    privileged_tokens().forget_all();  // the role may have changed
    return http::Response::no_content();
  }, {.body_limit = 64 * 1024});

  r.del("/api/v1/users/:id", [&ctx](http::Request& req) {
    auto actor = require_right(ctx, req, Right::manage_users);
    std::vector<model::Video> gone;
    ctx.db.write([&](soci::session& s) {
      auto u = load_target(ctx, s, req);
      if (u.username == "root") throw ApiError(400, "Cannot remove the root user");
      ensure_can_manage(actor, u);
      gone = delete_user_everything(ctx, s, u.id);
    });
    for (const auto& v : gone) remove_video_files(ctx, v);
    privileged_tokens().forget_all();
    return http::Response::no_content();
  });

  auto set_blocked = [&ctx](http::Request& req, bool blocked) {
    auto actor = require_right(ctx, req, Right::manage_users);
    json::object body = body_object(req);
    auto reason = opt_string(body, "reason", 3, 250);
    ctx.db.write([&](soci::session& s) {
      auto u = load_target(ctx, s, req);
      if (u.username == "root") throw ApiError(400, "Cannot block the root user");
      ensure_can_manage(actor, u);
      u.blocked = blocked;
      if (blocked) u.blocked_reason = reason;
      else u.blocked_reason.reset();
      model::save_user(s, u);
      if (blocked) model::delete_tokens_of_user(s, u.id);
    });
    privileged_tokens().forget_all();
    return http::Response::no_content();
  };
  r.post("/api/v1/users/:id/block", [set_blocked](http::Request& req) { return set_blocked(req, true); });
  r.post("/api/v1/users/:id/unblock", [set_blocked](http::Request& req) { return set_blocked(req, false); });
}

}  // namespace vv::api
