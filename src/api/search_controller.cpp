// /api/v1/search/videos and /api/v1/search/video-channels.
//
// Videos: full-text search on name, tags and description (SQLite FTS5 or
// PostgreSQL text search, see model/video_search.h) with the filters of
// /videos; default sort "-match". A URL or handle typed in is looked up
// directly: our own watch URL finds that video, a channel URL or
// name@host handle finds that channel. Remote lookups come with federation.
#include <boost/json.hpp>

#include "api/auth.h"
#include "api/routes.h"
#include "api/validate.h"
#include "api/video_access.h"
#include "api/video_lists.h"
#include "api/video_views.h"
#include "api/views.h"
#include "core/api_error.h"
#include "core/clock.h"
#include "core/ids.h"
#include "db/database.h"
#include "model/video.h"

namespace vv::api {

namespace json = boost::json;

namespace {

bool is_url(const std::string& s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

// The video id a local URL designates (/videos/watch/{uuid}, /w/{short}), if any.
std::optional<std::string> local_video_key(ApiContext& ctx, const std::string& url) {
  std::string base = ctx.base_url();
  if (url.rfind(base + "/", 0) != 0) return std::nullopt;
  std::string path = url.substr(base.size());
  auto q = path.find_first_of("?#");
  if (q != std::string::npos) path.resize(q);
  for (const char* prefix : {"/videos/watch/", "/w/", "/videos/embed/"})
    if (path.rfind(prefix, 0) == 0) {
      std::string key = path.substr(std::string(prefix).size());
      if (!key.empty() && key.find('/') == std::string::npos) return key;
    }
  return std::nullopt;
}

std::optional<std::string> local_channel_key(ApiContext& ctx, const std::string& search) {
  if (is_url(search)) {
    std::string base = ctx.base_url();
    if (search.rfind(base + "/", 0) != 0) return std::nullopt;
    std::string path = search.substr(base.size());
    for (const char* prefix : {"/video-channels/", "/c/"})
      if (path.rfind(prefix, 0) == 0) {
        std::string name = path.substr(std::string(prefix).size());
        auto slash = name.find('/');
        if (slash != std::string::npos) name.resize(slash);
        if (!name.empty()) return name;
      }
    return std::nullopt;
  }
  std::string s = search;
  if (!s.empty() && s[0] == '@') s.erase(0, 1);
  if (s.find('@') != std::string::npos) return s;  // name@host
  return std::nullopt;
}

}  // namespace

void register_search_routes(http::Router& r, ApiContext& ctx) {
  r.get("/api/v1/search/videos", [&ctx](http::Request& req) {
    auto user = authenticate(ctx, req);
    auto given = req.query_param("search");
    std::string search = given.value_or("");
    if ((given && search.empty()) || search.size() > 1000)
      throw invalid_param("search", "Should have a valid search", "query", json::value(search.substr(0, 50)));
    http::Request filtered = req;
    if (!req.query_param("sort")) filtered.query.emplace_back("sort", "-match");
    std::erase_if(filtered.query, [](const auto& kv) { return kv.first == "search"; });
    model::VideoListQuery q = list_query(ctx, filtered, user);
    auto num = [&](const char* name) -> std::optional<int64_t> {
      auto v = req.query_param(name);
      if (!v) return std::nullopt;
      json::object o{{name, *v}};
      try {
        return opt_int(o, name, 0, INT32_MAX);
      } catch (ApiError& e) {
        e.invalid.at(name).as_object()["location"] = "query";
        throw;
      }
    };
    auto date = [&](const char* name) -> std::optional<int64_t> {
      auto v = req.query_param(name);
      if (!v) return std::nullopt;
      auto t = parse_iso8601(*v);
      if (!t) throw invalid_param(name, "Should have a valid date", "query", json::value(*v));
      return t;
    };
    q.duration_min = num("durationMin");
    q.duration_max = num("durationMax");
    q.published_after = date("startDate");
    q.published_before = date("endDate");
    q.orig_published_after = date("originallyPublishedStartDate");
    q.orig_published_before = date("originallyPublishedEndDate");
    return ctx.db.read([&](soci::session& s) {
      bool id_like = is_uuid(search) || (search.size() == 22 && short_to_uuid(search));
      if (is_url(search) || id_like) {
        // A URL (or a UUID): the local video it names, when the requester may see it.
        auto key = id_like ? std::optional<std::string>(search) : local_video_key(ctx, search);
        std::optional<model::Video> v = key ? model::find_video(s, *key) : std::nullopt;
        json::array data;
        if (v) {
          try {
            http::Request plain;
            check_can_view(ctx, s, *v, user, plain);
            if (!v->blacklisted || can_manage_video(*v, user)) data.push_back(video_json(ctx, *v));
          } catch (const ApiError&) {
          }
        }
        int64_t n = static_cast<int64_t>(data.size());
        return http::Response::json(list_json(n, std::move(data)));
      }
      q.fts = search;
      if (search.empty()) q.fts.clear();
      return list_response(ctx, s, q, false, user);
    });
  });

  r.get("/api/v1/search/video-channels", [&ctx](http::Request& req) {
    auto given = req.query_param("search");
    std::string search = given.value_or("");
    if ((given && search.empty()) || search.size() > 1000)
      throw invalid_param("search", "Should have a valid search", "query", json::value(search.substr(0, 50)));
    model::Page page = page_from_query(req, {"match", "displayName", "createdAt"}, "-match");
    return ctx.db.read([&](soci::session& s) {
      json::array data;
      int64_t total = 0;
      if (auto key = local_channel_key(ctx, search)) {
        if (auto c = model::find_channel_by_handle(s, model::parse_handle(*key, ctx.host()))) {
          data.push_back(channel_json(*c, ctx.base_url(), ctx.host()));
          total = 1;
        }
        return http::Response::json(list_json(total, std::move(data)));
      }
      // Channels are few: a case-insensitive substring of the name or display name.
      std::string like = "%" + search + "%";
      std::string where =
          " FROM video_channels vc JOIN actors a ON a.id = vc.actor_id WHERE (lower(a.preferred_username) LIKE lower(:l1) "
          "OR lower(vc.display_name) LIKE lower(:l2))";
      {
        long long n = 0;
        s << "SELECT COUNT(*)" + where, soci::use(like), soci::use(like), soci::into(n);
        total = n;
      }
      bool desc = page.sort[0] == '-';
      std::string key = desc ? page.sort.substr(1) : page.sort;
      std::string col = key == "displayName" ? "lower(vc.display_name)" : key == "createdAt" ? "vc.created_at" : "vc.id";
      if (key == "match") desc = false;
      soci::rowset<soci::row> rows =
          (s.prepare << "SELECT vc.id" + where + " ORDER BY " + col + (desc ? " DESC" : " ASC") + " LIMIT " +
                            std::to_string(page.count) + " OFFSET " + std::to_string(page.start),
           soci::use(like), soci::use(like));
      std::vector<int64_t> ids;
      for (const auto& row : rows) ids.push_back(db::get_i64(row, 0));
      for (int64_t id : ids)
        if (auto c = model::find_channel(s, id)) data.push_back(channel_json(*c, ctx.base_url(), ctx.host()));
      return http::Response::json(list_json(total, std::move(data)));
    });
  });
}

}  // namespace vv::api
