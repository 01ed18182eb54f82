// Views (POST /videos/{id}/views, counted as video_viewers.h explains) and
// the signed-in user's watch history.
#include <boost/json.hpp>

#include "api/auth.h"
#include "api/routes.h"
#include "api/validate.h"
#include "api/video_access.h"
#include "api/video_viewers.h"
#include "api/video_views.h"
#include "api/views.h"
#include "core/api_error.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "model/history.h"
#include "model/video.h"

namespace vv::api {

namespace json = boost::json;

void register_video_views_routes(http::Router& r, ApiContext& ctx) {
  auto view = [&ctx](http::Request& req) {
    auto user = authenticate(ctx, req);
    json::object body = body_object(req);
    double current_time = 0;
    if (!body.contains("currentTime") || body.at("currentTime").is_null())
      throw invalid_param("currentTime", "Should have correct current time");
    if (auto it = body.find("currentTime"); it != body.end() && !it->value().is_null()) {
      const auto& v = it->value();
      if (v.is_int64()) current_time = static_cast<double>(v.as_int64());
      else if (v.is_uint64()) current_time = static_cast<double>(v.as_uint64());
      else if (v.is_double()) current_time = v.as_double();
      else if (v.is_string()) {
        try {
          current_time = std::stod(std::string(v.as_string()));
        } catch (const std::exception&) {
          throw invalid_param("currentTime", "Should have correct current time", "body", v);
        }
      } else {
        throw invalid_param("currentTime", "Should have correct current time", "body", v);
      }
      if (current_time < 0 || current_time > 1e7) throw invalid_param("currentTime", "Should have correct current time", "body", v);
    }
    std::string event = opt_string(body, "viewEvent", 1, 20).value_or("");
    if (!event.empty() && event != "seek") throw invalid_param("viewEvent", "Should have a valid view event");
    auto session_id = opt_string(body, "sessionId", 1, 100);
    if (session_id && !std::all_of(session_id->begin(), session_id->end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }))
      throw invalid_param("sessionId", "Should have a valid session id", "body", body.at("sessionId"));
    auto v = ctx.db.read([&](soci::session& s) {
      auto found = require_video(s, req.param("id"));
      check_can_view(ctx, s, found, user, req);
      return found;
    });
    if (current_time > static_cast<double>(v.duration) + 1 && !v.is_live)
      throw invalid_param("currentTime", "Current time is beyond the video duration", "body", json::value(current_time));
    auto cfg = ctx.cfg();
    // The client's session id when trusted (PeerTube's default), else the IP.
    std::string session = session_id && cfg->boolean("views.videos.trust_viewer_session_id", true)
                              ? "s:" + *session_id
                              : "ip:" + sha256_hex("vidiverse-view-" + req.remote_ip);
    ViewRules rules;
    rules.count_after_s = cfg->duration_ms("views.videos.count_view_after", 10'000) / 1000.0;
    rules.view_lifetime_ms = cfg->duration_ms("views.videos.view_expiration", 3'600'000);
    auto outcome = record_view_event(v.id, v.duration, session, current_time, event == "seek", rules);
    if (outcome.new_view || (user && user->videos_history_enabled)) {
      ctx.db.write([&](soci::session& s) {
        if (outcome.new_view) {
          long long id = v.id;
          s << "UPDATE videos SET views = views + 1 WHERE id = :id", soci::use(id);
          // The hour's bucket, for the trending sort.
          long long hour = now_ms() / 3'600'000 * 3'600'000;
          s << "INSERT INTO video_views_stats (video_id, start_date, views) VALUES (:v, :h, 1) "
               "ON CONFLICT (video_id, start_date) DO UPDATE SET views = video_views_stats.views + 1",
              soci::use(id), soci::use(hour);
        }
        if (user && user->videos_history_enabled)
          model::record_history(s, user->id, v.id, static_cast<int>(current_time));
      });
    }
    return http::Response::no_content();
  };
  // PeerTube accepts both verbs and both names.
  for (const char* path : {"/api/v1/videos/:id/views", "/api/v1/videos/:id/watching"}) {
    r.post(path, view, {.body_limit = 16 * 1024});
    r.put(path, view, {.body_limit = 16 * 1024});
  }

  r.get("/api/v1/users/me/history/videos", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    model::Page page = page_from_query(req, {}, "");
    std::string search = req.query_param("search").value_or("");
    return ctx.db.read([&](soci::session& s) {
      int64_t total = 0;
      json::array data;
      for (int64_t id : model::list_history(s, user.id, search, page.start, page.count, &total)) {
        auto v = model::find_video_by_id(s, id);
        if (!v) continue;
        json::object o = video_json(ctx, *v);
        o["userHistory"] = json::object{{"currentTime", model::history_time(s, user.id, id).value_or(0)}};
        data.push_back(std::move(o));
      }
      return http::Response::json(list_json(total, std::move(data)));
    });
  });

  r.del("/api/v1/users/me/history/videos/:videoId", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    int64_t id = parse_id(req.param("videoId"));
    ctx.db.write([&](soci::session& s) { model::delete_history_entry(s, user.id, id); });
    return http::Response::no_content();
  });

  r.post("/api/v1/users/me/history/videos/remove", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    json::object body = body_object(req);
    std::optional<int64_t> before;
    if (auto it = body.find("beforeDate"); it != body.end() && !it->value().is_null()) {
      if (it->value().is_string()) before = parse_iso8601(std::string(it->value().as_string()));
      if (!before) throw invalid_param("beforeDate", "Should have a before date that conforms to ISO 8601", "body", it->value());
    }
    ctx.db.write([&](soci::session& s) { model::delete_history_before(s, user.id, before); });
    return http::Response::no_content();
  }, {.body_limit = 16 * 1024});
}

}  // namespace vv::api
