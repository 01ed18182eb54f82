// Captions (/videos/{id}/captions[/{lang}], files under
// /lazy-static/video-captions/) and chapters (/videos/{id}/chapters).
#include <fstream>

#include <boost/json.hpp>

#include "api/auth.h"
#include "api/routes.h"
#include "api/validate.h"
#include "api/video_access.h"
#include "api/video_chapters.h"
#include "api/video_constants.h"
#include "core/api_error.h"
#include "core/clock.h"
#include "core/ids.h"
#include "db/database.h"
#include "http/multipart.h"
#include "http/static_file.h"
#include "media/captions.h"
#include "model/video.h"

namespace vv::api {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

model::Video load(soci::session& s, const http::Request& req) { return require_video(s, req.param("id")); }

fs::path captions_dir(ApiContext& ctx) { return ctx.cfg()->storage_dir("captions"); }

}  // namespace

void register_captions_chapters_routes(http::Router& r, ApiContext& ctx) {
  r.get("/api/v1/videos/:id/captions", [&ctx](http::Request& req) {
    auto user = authenticate(ctx, req);
    return ctx.db.read([&](soci::session& s) {
      auto v = load(s, req);
      check_can_view(ctx, s, v, user, req);
      long long vid = v.id;
      soci::rowset<soci::row> rows = (s.prepare << "SELECT language, filename, updated_at FROM video_captions WHERE "
                                                   "video_id = :v ORDER BY language",
                                      soci::use(vid));
      json::array data;
      for (const auto& row : rows) {
        std::string lang = db::get_str(row, 0), file = db::get_str(row, 1);
        std::string path = "/lazy-static/video-captions/" + file;
        data.push_back(json::object{{"language", json::object{{"id", lang}, {"label", language_label(lang).value_or("Unknown")}}},
                                    {"captionPath", path},
                                    {"fileUrl", ctx.base_url() + path},
                                    {"m3u8Url", nullptr},
                                    {"automaticallyGenerated", false},
                                    {"updatedAt", iso8601(db::get_i64(row, 2))}});
      }
      int64_t total = static_cast<int64_t>(data.size());
      return http::Response::json(json::object{{"total", total}, {"data", std::move(data)}});
    });
  });

  r.put("/api/v1/videos/:id/captions/:lang", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    std::string lang = req.param("lang");
    if (!language_label(lang)) throw invalid_param("captionLanguage", "Should have a valid caption language", "params", json::value(lang));
    auto boundary = http::multipart_boundary(req.header("content-type"));
    if (!boundary) throw invalid_param("captionfile", "Should have a caption file (multipart/form-data)");
    auto parts = http::parse_multipart(req.body, *boundary);
    if (!parts) throw ApiError(400, "Malformed multipart body");
    const http::Part* file = nullptr;
    for (const auto& p : *parts)
      if (p.name == "captionfile" && p.filename) file = &p;
    const char* msg = "This caption file is not supported or too large. Please, make sure it is of the following type: .vtt, .srt";
    if (!file || file->data.size() > 20 * 1024 * 1024) throw invalid_param("captionfile", msg);
    auto vtt = media::to_webvtt(file->data);
    if (!vtt) throw invalid_param("captionfile", msg);
    std::string name = uuid_v4() + "-" + lang + ".vtt";
    fs::create_directories(captions_dir(ctx));
    std::ofstream(captions_dir(ctx) / name, std::ios::binary).write(vtt->data(), static_cast<std::streamsize>(vtt->size()));
    std::string old;
    try {
      ctx.db.write([&](soci::session& s) {
        auto v = load(s, req);
        if (!can_manage_video(v, user)) throw ApiError(403, "Cannot manage a video of another user.");
        long long vid = v.id, now = now_ms();
        soci::indicator ind;
        s << "SELECT filename FROM video_captions WHERE video_id = :v AND language = :l", soci::use(vid), soci::use(lang),
            soci::into(old, ind);
        if (!s.got_data() || ind != soci::i_ok) old.clear();
        s << "DELETE FROM video_captions WHERE video_id = :v AND language = :l", soci::use(vid), soci::use(lang);
        s << "INSERT INTO video_captions (video_id, language, filename, created_at, updated_at) VALUES (:v, :l, :f, :c, :u)",
            soci::use(vid), soci::use(lang), soci::use(name), soci::use(now), soci::use(now);
      });
    } catch (...) {
      std::error_code ec;
      fs::remove(captions_dir(ctx) / name, ec);
      throw;
    }
    std::error_code ec;
    if (!old.empty()) fs::remove(captions_dir(ctx) / old, ec);
    return http::Response::no_content();
  }, {.body_limit = 21 * 1024 * 1024});

  r.del("/api/v1/videos/:id/captions/:lang", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    std::string lang = req.param("lang"), old;
    if (!language_label(lang)) throw invalid_param("captionLanguage", "Should have a valid caption language", "params", json::value(lang));
    ctx.db.write([&](soci::session& s) {
      auto v = load(s, req);
      if (!can_manage_video(v, user)) throw ApiError(403, "Cannot manage a video of another user.");
      long long vid = v.id;
      soci::indicator ind;
      s << "SELECT filename FROM video_captions WHERE video_id = :v AND language = :l", soci::use(vid), soci::use(lang),
          soci::into(old, ind);
      if (!s.got_data() || ind != soci::i_ok) throw ApiError(404, "Video caption not found");
      s << "DELETE FROM video_captions WHERE video_id = :v AND language = :l", soci::use(vid), soci::use(lang);
    });
    std::error_code ec;
    fs::remove(captions_dir(ctx) / old, ec);
    return http::Response::no_content();
  });

  r.get("/lazy-static/video-captions/:filename", [&ctx](http::Request& req) {
    const std::string& name = req.param("filename");
    auto video = ctx.db.read([&](soci::session& s) -> std::optional<model::Video> {
      long long vid = 0;
      soci::indicator ind;
      s << "SELECT video_id FROM video_captions WHERE filename = :f", soci::use(name), soci::into(vid, ind);
      if (!s.got_data() || ind != soci::i_ok) return std::nullopt;
      return model::find_video_by_id(s, vid);
    });
    if (!video) throw ApiError(404, "File not found");
    if (video->privacy != model::kPublic && video->privacy != model::kUnlisted) {
      auto token = req.query_param("videoFileToken");
      if (!token || !check_video_file_token(*token, video->id)) {
        auto user = authenticate(ctx, req);
        ctx.db.read([&](soci::session& s) { check_can_view(ctx, s, *video, user, req); });
      }
    }
    auto path = http::safe_join(captions_dir(ctx), name);
    if (!path) throw ApiError(404, "File not found");
    auto res = http::serve_file(req, *path, "public, max-age=172800");
    if (res.status < 300) res.set_header("content-type", "text/vtt; charset=utf-8");
    return res;
  });

  r.get("/api/v1/videos/:id/chapters", [&ctx](http::Request& req) {
    auto user = authenticate(ctx, req);
    return ctx.db.read([&](soci::session& s) {
      auto v = load(s, req);
      check_can_view(ctx, s, v, user, req);
      long long vid = v.id;
      soci::rowset<soci::row> rows =
          (s.prepare << "SELECT timecode, title FROM video_chapters WHERE video_id = :v ORDER BY timecode", soci::use(vid));
      json::array chapters;
      for (const auto& row : rows) chapters.push_back(json::object{{"timecode", db::get_i64(row, 0)}, {"title", db::get_str(row, 1)}});
      return http::Response::json(json::object{{"chapters", std::move(chapters)}});
    });
  });

  r.put("/api/v1/videos/:id/chapters", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    json::object body = body_object(req);
    auto it = body.find("chapters");
    if (it == body.end() || !it->value().is_array()) throw invalid_param("chapters", "Should have a valid chapters array");
    ChapterList chapters;
    for (const auto& c : it->value().as_array()) {
      if (!c.is_object()) throw invalid_param("chapters", "Should have a valid chapters array");
      std::optional<int64_t> timecode;
      std::optional<std::string> title;
      try {
        timecode = opt_int(c.as_object(), "timecode", 0, INT32_MAX);
        title = opt_string(c.as_object(), "title", 1, 100);
      } catch (const ApiError&) {
        throw invalid_param("chapters", "Should have a valid chapters array", "body", it->value());
      }
      if (!timecode || !title) throw invalid_param("chapters", "Should have a valid chapters array", "body", it->value());
      for (const auto& [t, _] : chapters)
        if (t == *timecode) throw invalid_param("chapters", "Chapter timecodes must be unique");
      chapters.emplace_back(*timecode, *title);
    }
    ctx.db.write([&](soci::session& s) {
      auto v = load(s, req);
      if (!can_manage_video(v, user)) throw ApiError(403, "Cannot manage a video of another user.");
      replace_chapters(s, v.id, chapters);
    });
    return http::Response::no_content();
  }, {.body_limit = 256 * 1024});
}

}  // namespace vv::api
