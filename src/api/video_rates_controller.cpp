// Likes and dislikes: PUT /videos/{id}/rate, the user's own rating, and an
// account's ratings (visible to that account only).
#include <boost/json.hpp>

#include "api/auth.h"
#include "api/routes.h"
#include "api/validate.h"
#include "api/video_access.h"
#include "api/video_views.h"
#include "api/views.h"
#include "core/api_error.h"
#include "model/rate.h"
#include "model/video.h"

namespace vv::api {

namespace json = boost::json;

void register_video_rates_routes(http::Router& r, ApiContext& ctx) {
  r.put("/api/v1/videos/:id/rate", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    json::object body = body_object(req);
    auto rating = opt_string(body, "rating", 1, 10);
    if (!rating || (*rating != "like" && *rating != "dislike" && *rating != "none"))
      throw invalid_param("rating", "Should have a valid rate type", "body", body.contains("rating") ? body.at("rating") : json::value(nullptr));
    ctx.db.write([&](soci::session& s) {
      auto v = require_video(s, req.param("id"));
      check_can_view(ctx, s, v, user, req);
      auto account = model::find_account_of_user(s, user.id);
      if (!account) throw ApiError(404, "Account not found");
      model::set_rate(s, account->id, v.id, *rating);
    });
    return http::Response::no_content();
  }, {.body_limit = 16 * 1024});

  r.get("/api/v1/users/me/videos/:videoId/rating", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    return ctx.db.read([&](soci::session& s) {
      auto v = require_video(s, req.param("videoId"));
      auto account = model::find_account_of_user(s, user.id);
      auto rate = account ? model::find_rate(s, account->id, v.id) : std::nullopt;
      return http::Response::json(json::object{{"videoId", v.id}, {"rating", rate.value_or("none")}});
    });
  });

  r.get("/api/v1/accounts/:name/ratings", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    model::Page page = page_from_query(req, {"createdAt"}, "-createdAt");
    std::string type = req.query_param("rating").value_or("");
    if (!type.empty() && type != "like" && type != "dislike")
      throw invalid_param("rating", "Should have a valid rating type", "query", json::value(type));
    return ctx.db.read([&](soci::session& s) {
      auto account = model::find_account_by_handle(s, model::parse_handle(req.param("name"), ctx.host()));
      if (!account) throw ApiError(404, "Account not found");
      if (!account->user_id || *account->user_id != user.id)
        throw ApiError(403, "Only the owner of this account can see its ratings");
      int64_t total = 0;
      json::array data;
      for (const auto& rate : model::list_account_rates(s, account->id, type, page.start, page.count, &total)) {
        auto v = model::find_video_by_id(s, rate.video_id);
        if (!v) continue;
        data.push_back(json::object{{"video", video_json(ctx, *v)}, {"rating", rate.rating}});
      }
      return http::Response::json(list_json(total, std::move(data)));
    });
  });
}

}  // namespace vv::api
