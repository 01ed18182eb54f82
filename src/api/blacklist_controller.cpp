// Video blocks (PeerTube's "blacklist"): moderators hide a video from
// everyone but its owner and the moderators.
#include <boost/json.hpp>

#include "api/auth.h"
#include "api/routes.h"
#include "api/video_access.h"
#include "api/validate.h"
#include "api/video_publish.h"
#include "api/video_views.h"
#include "api/views.h"
#include "core/api_error.h"
#include "core/clock.h"
#include "model/blacklist.h"
#include "model/video.h"

namespace vv::api {

namespace json = boost::json;

static model::Video load(soci::session& s, const http::Request& req) { return require_video(s, req.param("id")); }

void register_blacklist_routes(http::Router& r, ApiContext& ctx) {
  r.get("/api/v1/videos/blacklist", [&ctx](http::Request& req) {
    require_right(ctx, req, Right::manage_video_blacklist);
    model::Page page = page_from_query(req, {"id", "name", "duration", "views", "likes", "dislikes", "uuid", "createdAt"}, "-id");
    model::BlacklistQuery q;
    q.start = page.start;
    q.count = page.count;
    q.sort = page.sort;
    q.search = req.query_param("search").value_or("");
    if (auto t = req.query_param("type")) {
      if (*t != "1" && *t != "2") throw invalid_param("type", "Should have a valid video blacklist type", "query", json::value(*t));
      q.type = std::stoi(*t);
    }
    return ctx.db.read([&](soci::session& s) {
      int64_t total = 0;
      json::array data;
      for (const auto& b : model::list_blacklist(s, q, &total)) {
        auto v = model::find_video_by_id(s, b.video_id);
        if (!v) continue;
        json::object o{{"id", b.id},
                       {"unfederated", b.unfederated},
                       {"type", b.type},
                       {"video", video_json(ctx, *v)},
                       {"createdAt", iso8601(b.created_at)},
                       {"updatedAt", iso8601(b.updated_at)}};
        if (b.reason.empty()) o["reason"] = nullptr;
        else o["reason"] = b.reason;
        data.push_back(std::move(o));
      }
      return http::Response::json(list_json(total, std::move(data)));
    });
  });

  r.post("/api/v1/videos/:id/blacklist", [&ctx](http::Request& req) {
    require_right(ctx, req, Right::manage_video_blacklist);
    json::object body = body_object(req);
    auto reason = opt_string(body, "reason", 2, 300);
    auto unfederate = opt_bool(body, "unfederate");
    model::Video v;
    ctx.db.write([&](soci::session& s) {
      v = load(s, req);
      if (model::find_blacklist(s, v.id)) throw ApiError(409, "This video is already blocked");
      model::Blacklist b;
      b.video_id = v.id;
      b.reason = reason.value_or("");
      b.unfederated = unfederate.value_or(false) && v.is_local;
      model::insert_blacklist(s, b);
    });
    bool were_private = files_are_private(v);
    v.blacklisted = true;
    move_files_for_privacy(ctx, v, were_private);
    if (were_private != files_are_private(v)) rebuild_torrents(ctx, v);
    return http::Response::no_content();
  }, {.body_limit = 16 * 1024});

  r.put("/api/v1/videos/:id/blacklist", [&ctx](http::Request& req) {
    require_right(ctx, req, Right::manage_video_blacklist);
    json::object body = body_object(req);
    auto reason = opt_string(body, "reason", 2, 300);
    ctx.db.write([&](soci::session& s) {
      auto v = load(s, req);
      if (!model::find_blacklist(s, v.id)) throw ApiError(404, "Blacklisted video not found");
      model::update_blacklist_reason(s, v.id, reason.value_or(""));
    });
    return http::Response::no_content();
  }, {.body_limit = 16 * 1024});

  r.del("/api/v1/videos/:id/blacklist", [&ctx](http::Request& req) {
    require_right(ctx, req, Right::manage_video_blacklist);
    model::Video v;
    ctx.db.write([&](soci::session& s) {
      v = load(s, req);
      if (!model::find_blacklist(s, v.id)) throw ApiError(404, "Blacklisted video not found");
      model::delete_blacklist(s, v.id);
    });
    bool were_private = files_are_private(v);
    v.blacklisted = false;
    move_files_for_privacy(ctx, v, were_private);
    if (were_private != files_are_private(v)) rebuild_torrents(ctx, v);
    return http::Response::no_content();
  });
}

}  // namespace vv::api
