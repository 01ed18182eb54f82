#include "api/users_common.h"

#include "api/actor_images.h"
#include "api/validate.h"
#include "api/video_publish.h"
#include "model/video_search.h"
#include "api/views.h"
#include "core/api_error.h"
#include "core/crypto.h"
#include "model/playlist.h"

namespace vv::api {

namespace json = boost::json;

NewUserRequest parse_new_user(const json::object& body, bool admin) {
  NewUserRequest nu;
  nu.username = req_string(body, "username", 1, 50);
  if (!valid_username(nu.username))
    throw invalid_param("username", "Should have a valid username: lowercase letters, digits, '.' and '_' only");
  nu.email = req_string(body, "email", 3, 400);
  if (!valid_email(nu.email)) throw invalid_param("email", "Should have a valid email");
  nu.password = req_string(body, "password", 6, 255);
  if (!valid_password(nu.password)) throw invalid_param("password", "Should have a valid password");
  nu.display_name = opt_string(body, "displayName", 1, 120).value_or("");
  if (admin) {
    auto role = opt_int(body, "role", 0, 2);
    if (!role) throw invalid_param("role", "Should have a valid role");
    nu.role = static_cast<int>(*role);
    // Absent quotas take the instance defaults (user.video_quota*).
    if (auto quota = opt_int(body, "videoQuota", -1, INT64_MAX)) nu.video_quota = *quota;
    if (auto daily = opt_int(body, "videoQuotaDaily", -1, INT64_MAX)) nu.video_quota_daily = *daily;
    nu.admin_flags = static_cast<int>(opt_int(body, "adminFlags", 0, 1).value_or(0));
    nu.channel_name = opt_string(body, "channelName", 1, 50).value_or("");
    if (!nu.channel_name.empty() && !valid_channel_name(nu.channel_name))
      throw invalid_param("channelName", "Should have a valid channel name");
    nu.email_verified = true;
  } else {
    auto it = body.find("channel");
    if (it != body.end() && !it->value().is_null()) {
      if (!it->value().is_object()) throw invalid_param("channel", "Should be an object");
      const auto& ch = it->value().as_object();
      // Errors name the nested field as PeerTube does: channel.name, channel.displayName.
      auto nested = [&](const char* key, size_t min, size_t max) {
        try {
          return req_string(ch, key, min, max);
        } catch (ApiError& e) {
          throw invalid_param(std::string("channel.") + key, e.invalid.begin()->value().as_object().at("msg").as_string().c_str());
        }
      };
      nu.channel_name = nested("name", 1, 50);
      if (!valid_channel_name(nu.channel_name)) throw invalid_param("channel.name", "Should have a valid channel name");
      nu.channel_display_name = nested("displayName", 1, 120);
    }
  }
  if (!nu.channel_name.empty() && nu.channel_name == nu.username)
    throw invalid_param("channel.name", "Channel name cannot be the same as user username.");
  return nu;
}

model::CreatedUser create_user(ApiContext& ctx, const NewUserRequest& nu, int64_t signup_limit) {
  auto cfg = ctx.cfg();
  model::NewUser row;
  row.username = nu.username;
  row.email = nu.email;
  row.password_hash = bcrypt_hash(nu.password);  // slow on purpose: outside the transaction
  row.role = nu.role;
  row.admin_flags = nu.admin_flags;
  row.video_quota = nu.video_quota.value_or(cfg->bytes("user.video_quota", -1));
  row.video_quota_daily = nu.video_quota_daily.value_or(cfg->bytes("user.video_quota_daily", -1));
  row.email_verified = nu.email_verified;
  row.nsfw_policy = cfg->str("instance.default_nsfw_policy", "do_not_list");
  row.display_name = nu.display_name.empty() ? nu.username : nu.display_name;
  row.channel_name = nu.channel_name.empty() ? nu.username + "_channel" : nu.channel_name;
  row.channel_display_name =
      nu.channel_display_name.empty() ? "Main " + nu.username + " channel" : nu.channel_display_name;
  std::string base = ctx.base_url();
  return ctx.db.write([&](soci::session& s) {
    if (signup_limit >= 0 && model::count_users(s) >= signup_limit)
      throw ApiError(403, "User registration is not allowed: the signup limit is reached.");
    if (model::username_or_email_taken(s, row.username, row.email))
      throw ApiError(409, "User with this username or email already exists.");
    if (model::actor_name_taken(s, row.username))
      throw ApiError(409, "Another actor (account/channel) with this name on this instance already exists or has already existed.");
    if (model::actor_name_taken(s, row.channel_name))
      throw ApiError(409, "Another actor (account/channel) with this name on this instance already exists or has already existed.");
    return model::insert_user(s, row, base);
  });
}

json::object full_user_json(ApiContext& ctx, soci::session& s, const model::User& u, bool me) {
  auto account = model::find_account_of_user(s, u.id);
  if (!account) throw std::runtime_error("user without account: " + std::to_string(u.id));
  model::Page all;
  all.count = 1000;
  all.sort = "createdAt";
  auto channels = model::list_channels(s, all, account->id, nullptr);
  json::object o = user_json(u, *account, channels, ctx.base_url(), ctx.host(), me);
  if (me)
    if (auto wl = model::find_watch_later(s, account->id))
      o["specialPlaylists"] = json::array{json::object{{"id", wl->id}, {"name", wl->name}, {"type", wl->type}}};
  return o;
}

std::vector<model::Video> delete_user_everything(ApiContext& ctx, soci::session& s, int64_t user_id) {
  auto videos = videos_of(s, user_id, std::nullopt);
  for (const auto& v : videos) model::unindex_video(s, v.id);  // the FTS5 table has no foreign key
  auto account = model::find_account_of_user(s, user_id);
  if (account) {
    model::Page all;
    all.count = 100000;
    for (const auto& c : model::list_channels(s, all, account->id, nullptr)) remove_actor_files(ctx, s, c.actor.id);
    remove_actor_files(ctx, s, account->actor.id);
  }
  model::delete_user(s, user_id);
  return videos;
}

}  // namespace vv::api
