// A user's subscriptions (PeerTube's "my-subscriptions"): the account
// follows channels. Local channels are followed at once; remote ones need
// federation, not written yet, and are refused with a clear 400.
#include <boost/json.hpp>

#include "api/auth.h"
#include "api/routes.h"
#include "api/validate.h"
#include "api/video_lists.h"
#include "api/views.h"
#include "core/api_error.h"
#include "model/follow.h"

namespace vv::api {

namespace json = boost::json;

static model::Account my_account(soci::session& s, const model::User& user) {
  auto a = model::find_account_of_user(s, user.id);
  if (!a) throw ApiError(500, "The user has no account");
  return *a;
}

// "name" or "name@host" (our own host = local); a remote channel cannot be
// followed until federation exists.
static model::Channel channel_of_handle(ApiContext& ctx, soci::session& s, const std::string& handle, const char* field,
                                        bool for_subscribe) {
  if (handle.empty() || handle.size() > 300) throw invalid_param(field, "Should have a valid subscription handle");
  auto h = model::parse_handle(handle, ctx.host());
  auto c = model::find_channel_by_handle(s, h);
  if (!c) {
    if (for_subscribe && h.host)
      throw ApiError(400, "Subscribing to a channel of another instance needs federation, which this server does not do yet.");
    throw ApiError(404, "Subscription " + handle + " not found");
  }
  return *c;
}

void register_subscriptions_routes(http::Router& r, ApiContext& ctx) {
  r.get("/api/v1/users/me/subscriptions/exist", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    std::vector<std::string> uris;
    for (const auto& [k, v] : req.query)
      if (k == "uris" || k == "uris[]" || k == "subscriptionsUris" || k == "subscriptionsUris[]") uris.push_back(v);
    if (uris.empty() || uris.size() > 100) throw invalid_param("uris", "Should have a valid array of URIs", "query");
    return ctx.db.read([&](soci::session& s) {
      auto me = my_account(s, user);
      json::object o;
      for (const auto& uri : uris) {
        auto c = model::find_channel_by_handle(s, model::parse_handle(uri, ctx.host()));
        o[uri] = c && model::follows(s, me.actor.id, c->actor.id);
      }
      return http::Response::json(o);
    });
  });

  r.get("/api/v1/users/me/subscriptions/videos", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    auto q = list_query(ctx, req, user);
    return ctx.db.read([&](soci::session& s) {
      q.followed_by_actor = my_account(s, user).actor.id;
      return list_response(ctx, s, q, false, user);
    });
  });

  r.get("/api/v1/users/me/subscriptions", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    model::Page page = page_from_query(req, {"id", "createdAt", "name"}, "-createdAt");
    std::string search = req.query_param("search").value_or("");
    return ctx.db.read([&](soci::session& s) {
      auto me = my_account(s, user);
      int64_t total = 0;
      json::array data;
      for (const auto& c : model::followed_channels(s, me.actor.id, page, search, &total))
        data.push_back(channel_json(c, ctx.base_url(), ctx.host()));
      return http::Response::json(list_json(total, std::move(data)));
    });
  });

  r.post("/api/v1/users/me/subscriptions", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    json::object body = body_object(req);
    auto uri = opt_string(body, "uri", 1, 300);
    if (!uri) throw invalid_param("uri", "Should have a valid uri");
    ctx.db.write([&](soci::session& s) {
      auto me = my_account(s, user);
      auto c = channel_of_handle(ctx, s, *uri, "uri", true);
      if (model::add_follow(s, me.actor.id, c.actor.id, me.actor.url + "/follows/" + std::to_string(c.actor.id))) {
        model::refresh_follow_counts(s, c.actor.id);
        model::refresh_follow_counts(s, me.actor.id);
      }
    });
    return http::Response::no_content();
  });

  r.get("/api/v1/users/me/subscriptions/:handle", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    return ctx.db.read([&](soci::session& s) {
      auto me = my_account(s, user);
      auto c = channel_of_handle(ctx, s, req.param("handle"), "subscriptionHandle", false);
      if (!model::follows(s, me.actor.id, c.actor.id)) throw ApiError(404, "Subscription " + req.param("handle") + " not found");
      return http::Response::json(channel_json(c, ctx.base_url(), ctx.host()));
    });
  });

  r.del("/api/v1/users/me/subscriptions/:handle", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    ctx.db.write([&](soci::session& s) {
      auto me = my_account(s, user);
      auto c = channel_of_handle(ctx, s, req.param("handle"), "subscriptionHandle", false);
      if (!model::remove_follow(s, me.actor.id, c.actor.id))
        throw ApiError(404, "Subscription " + req.param("handle") + " not found");
      model::refresh_follow_counts(s, c.actor.id);
      model::refresh_follow_counts(s, me.actor.id);
    });
    return http::Response::no_content();
  });
}

}  // namespace vv::api
