// /api/v1/video-channels: list, create, read, update, delete, avatar, banner.
#include <boost/json.hpp>

#include "api/actor_images.h"
#include "api/auth.h"
#include "api/routes.h"
#include "api/validate.h"
#include "api/video_publish.h"
#include "model/video_search.h"
#include "api/views.h"
#include "core/api_error.h"

namespace vv::api {

namespace json = boost::json;

static model::Channel load_channel(ApiContext& ctx, soci::session& s, const std::string& handle) {
  auto c = model::find_channel_by_handle(s, model::parse_handle(handle, ctx.host()));
  if (!c) throw ApiError(404, "Video channel not found");
  return *c;
}

// The owner, or anyone with MANAGE_ANY_VIDEO_CHANNEL, may change a local channel.
static model::Channel load_owned_channel(ApiContext& ctx, soci::session& s, const http::Request& req,
                                         const model::User& user) {
  auto c = load_channel(ctx, s, req.param("handle"));
  if (c.actor.host) throw ApiError(403, "Cannot manage a remote video channel");
  bool owner = c.owner && c.owner->user_id && *c.owner->user_id == user.id;
  if (!owner && !has_right(user.role, Right::manage_any_video_channel))
    throw ApiError(403, "Cannot manage a video channel of another user");
  return c;
}

void register_video_channels_routes(http::Router& r, ApiContext& ctx) {
  r.get("/api/v1/video-channels", [&ctx](http::Request& req) {
    auto page = page_from_query(req, {"createdAt", "name", "updatedAt"});
    return ctx.db.read([&](soci::session& s) {
      int64_t total = 0;
      json::array data;
      for (const auto& c : model::list_channels(s, page, std::nullopt, &total))
        data.push_back(channel_json(c, ctx.base_url(), ctx.host()));
      return http::Response::json(list_json(total, std::move(data)));
    });
  }, {.cache_anonymous = true});

  r.post("/api/v1/video-channels", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    json::object body = body_object(req);
    std::string name = req_string(body, "name", 1, 50);
    if (!valid_channel_name(name)) throw invalid_param("name", "Should have a valid channel name");
    std::string display = req_string(body, "displayName", 1, 50);
    std::string description = opt_string(body, "description", 3, 1000).value_or("");
    std::string support = opt_string(body, "support", 3, 1000).value_or("");
    int64_t max = ctx.cfg()->integer("video_channels.max_per_user", 20);
    std::string base = ctx.base_url();
    int64_t id = ctx.db.write([&](soci::session& s) {
      auto account = model::find_account_of_user(s, user.id);
      if (!account) throw ApiError(404, "Account not found");
      if (max >= 0 && model::count_channels_of_account(s, account->id) >= max)
        throw ApiError(400, "You cannot create more than " + std::to_string(max) + " channels");
      if (model::actor_name_taken(s, name))
        throw ApiError(409, "Cannot create this channel because the name is already taken on this instance.");
      int64_t actor = model::insert_local_actor(s, "Group", name, base, "video-channels");
      return model::insert_channel(s, actor, account->id, display, description, support);
    });
    return http::Response::json(json::object{{"videoChannel", json::object{{"id", id}}}});
  }, {.body_limit = 64 * 1024});

  r.get("/api/v1/video-channels/:handle", [&ctx](http::Request& req) {
    return ctx.db.read([&](soci::session& s) {
      return http::Response::json(channel_json(load_channel(ctx, s, req.param("handle")), ctx.base_url(), ctx.host()));
    });
  }, {.cache_anonymous = true});

  r.put("/api/v1/video-channels/:handle", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    json::object body = body_object(req);
    auto display = opt_string(body, "displayName", 1, 50);
    auto description = opt_string(body, "description", 3, 1000);
    auto support = opt_string(body, "support", 3, 1000);
    // An explicit null clears the field.
    if (body.contains("description") && body.at("description").is_null()) description = "";
    if (body.contains("support") && body.at("support").is_null()) support = "";
    opt_bool(body, "bulkVideosSupportUpdate");  // validated; videos arrive with the videos issue
    ctx.db.write([&](soci::session& s) {
      auto c = load_owned_channel(ctx, s, req, user);
      model::update_channel(s, c.id, display, description, support);
    });
    return http::Response::no_content();
  }, {.body_limit = 64 * 1024});

  r.del("/api/v1/video-channels/:handle", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    std::vector<model::Video> gone;
    ctx.db.write([&](soci::session& s) {
      auto c = load_owned_channel(ctx, s, req, user);
      if (model::count_channels_of_account(s, c.account_id) <= 1)
        throw ApiError(409, "Cannot remove the last channel of this user");
      gone = videos_of(s, std::nullopt, c.id);
      for (const auto& v : gone) model::unindex_video(s, v.id);  // the FTS5 table has no foreign key
      remove_actor_files(ctx, s, c.actor.id);
      model::delete_channel(s, c);
    });
    for (const auto& v : gone) remove_video_files(ctx, v);
    return http::Response::no_content();
  });

  struct ImageRoute {
    const char* path;
    model::ImageType type;
    const char* field;
    const char* key;
  };
  for (ImageRoute ir : {ImageRoute{"avatar", model::ImageType::avatar, "avatarfile", "avatars"},
                        ImageRoute{"banner", model::ImageType::banner, "bannerfile", "banners"}}) {
    r.post(std::string("/api/v1/video-channels/:handle/") + ir.path + "/pick", [&ctx, ir](http::Request& req) {
      auto user = require_user(ctx, req);
      auto c = ctx.db.read([&](soci::session& s) { return load_owned_channel(ctx, s, req, user); });
      auto images = pick_actor_image(ctx, req, c.actor.id, ir.type, ir.field);
      return http::Response::json(json::object{{ir.key, images}});
    }, {.body_limit = 8 * 1024 * 1024});
    r.del(std::string("/api/v1/video-channels/:handle/") + ir.path, [&ctx, ir](http::Request& req) {
      auto user = require_user(ctx, req);
      auto c = ctx.db.read([&](soci::session& s) { return load_owned_channel(ctx, s, req, user); });
      remove_actor_image(ctx, c.actor.id, ir.type);
      return http::Response::no_content();
    });
  }
}

}  // namespace vv::api
