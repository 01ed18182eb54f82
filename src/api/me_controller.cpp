// /api/v1/users/me: the signed-in user's own profile, settings, quota and avatar.
#include <boost/json.hpp>

#include "api/actor_images.h"
#include "api/auth.h"
#include "api/routes.h"
#include "api/users_common.h"
#include "api/validate.h"
#include "core/api_error.h"
#include "core/crypto.h"
#include "core/clock.h"
#include "model/oauth.h"
#include "model/video.h"

namespace vv::api {

namespace json = boost::json;

static const char* kNsfwPolicies[] = {"display", "blur", "do_not_list"};

void register_me_routes(http::Router& r, ApiContext& ctx) {
  r.get("/api/v1/users/me", [&ctx](http::Request& req) {
    auto u = require_user(ctx, req);
    return ctx.db.read([&](soci::session& s) { return http::Response::json(full_user_json(ctx, s, u, true)); });
  });

  r.put("/api/v1/users/me", [&ctx](http::Request& req) {
    auto u = require_user(ctx, req);
    json::object body = body_object(req);
    auto password = opt_string(body, "password", 6, 255);
    auto current = opt_string(body, "currentPassword", 1, 255);
    auto email = opt_string(body, "email", 3, 400);
    auto display_name = opt_string(body, "displayName", 1, 120);
    auto description = opt_string(body, "description", 3, 1000);
    if (body.contains("description") && body.at("description").is_null()) description = "";  // null clears
    auto nsfw = opt_string(body, "nsfwPolicy", 1, 20);
    if (nsfw && std::find(std::begin(kNsfwPolicies), std::end(kNsfwPolicies), *nsfw) == std::end(kNsfwPolicies))
      throw invalid_param("nsfwPolicy", "Should have a valid NSFW policy");
    if (email && !valid_email(*email)) throw invalid_param("email", "Should have a valid email");
    if ((password || email) && !current) throw invalid_param("currentPassword", "Should have a valid current password");
    if ((password || email) && !bcrypt_verify(*current, u.password_hash))
      throw ApiError(401, "currentPassword is invalid.", "current_password_is_invalid");
    auto language = opt_string(body, "language", 0, 20);
    auto theme = opt_string(body, "theme", 1, 100);
    std::optional<std::vector<std::string>> video_languages;
    if (auto it = body.find("videoLanguages"); it != body.end()) {
      if (it->value().is_null()) {
        video_languages = std::vector<std::string>();
      } else {
        if (!it->value().is_array() || it->value().as_array().size() > 20)
          throw invalid_param("videoLanguages", "Should have a valid video languages array");
        std::vector<std::string> langs;
        for (const auto& l : it->value().as_array()) {
          if (!l.is_string() || l.as_string().size() > 10) throw invalid_param("videoLanguages", "Should have valid languages");
          langs.emplace_back(l.as_string());
        }
        video_languages = std::move(langs);
      }
    }
    struct Flag {
      const char* field;
      bool model::User::*member;
    };
    static const Flag flags[] = {
        {"p2pEnabled", &model::User::p2p_enabled},
        {"autoPlayVideo", &model::User::auto_play_video},
        {"autoPlayNextVideo", &model::User::auto_play_next_video},
        {"autoPlayNextVideoPlaylist", &model::User::auto_play_next_video_playlist},
        {"videosHistoryEnabled", &model::User::videos_history_enabled},
        {"noInstanceConfigWarningModal", &model::User::no_instance_config_warning_modal},
        {"noWelcomeModal", &model::User::no_welcome_modal},
        {"noAccountSetupWarningModal", &model::User::no_account_setup_warning_modal},
        {"emailPublic", &model::User::email_public},
    };
    std::vector<std::pair<bool model::User::*, bool>> flag_values;
    for (const auto& f : flags)
      if (auto v = opt_bool(body, f.field)) flag_values.emplace_back(f.member, *v);
    std::string new_hash = password ? bcrypt_hash(*password) : "";

    ctx.db.write([&](soci::session& s) {
      auto fresh = model::find_user(s, u.id);
      if (!fresh) throw ApiError(404, "User not found");
      model::User& m = *fresh;
      if (password) m.password_hash = new_hash;
      if (email) {
        if (model::email_taken(s, *email, m.id)) throw ApiError(409, "Email already exists.");
        if (ctx.cfg()->boolean("signup.requires_email_verification")) m.pending_email = *email;
        else m.email = *email;
      }
      if (nsfw) m.nsfw_policy = *nsfw;
      if (language) m.language = *language;
      if (theme) m.theme = *theme;
      if (video_languages) m.video_languages = video_languages->empty() ? std::nullopt : video_languages;
      for (auto& [member, value] : flag_values) m.*member = value;
      model::save_user(s, m);
      if (display_name || description) {
        auto account = model::find_account_of_user(s, m.id);
        if (account) model::update_account(s, account->id, display_name, description);
      }
    });
    return http::Response::no_content();
  }, {.body_limit = 64 * 1024});

  r.get("/api/v1/users/me/video-quota-used", [&ctx](http::Request& req) {
    auto u = require_user(ctx, req);
    return ctx.db.read([&](soci::session& s) {
      return http::Response::json(json::object{
          {"videoQuotaUsed", model::user_video_bytes(s, u.id, std::nullopt)},
          {"videoQuotaUsedDaily", model::user_video_bytes(s, u.id, now_ms() - 86'400'000)}});
    });
  });

  r.post("/api/v1/users/me/avatar/pick", [&ctx](http::Request& req) {
    auto u = require_user(ctx, req);
    auto account = ctx.db.read([&](soci::session& s) { return model::find_account_of_user(s, u.id); });
    if (!account) throw ApiError(404, "Account not found");
    auto avatars = pick_actor_image(ctx, req, account->actor.id, model::ImageType::avatar, "avatarfile");
    return http::Response::json(json::object{{"avatars", avatars}});
  }, {.body_limit = 8 * 1024 * 1024});

  r.del("/api/v1/users/me/avatar", [&ctx](http::Request& req) {
    auto u = require_user(ctx, req);
    auto account = ctx.db.read([&](soci::session& s) { return model::find_account_of_user(s, u.id); });
    if (!account) throw ApiError(404, "Account not found");
    remove_actor_image(ctx, account->actor.id, model::ImageType::avatar);
    return http::Response::no_content();
  });
}

}  // namespace vv::api
