// /api/v1/videos: lists with PeerTube's filters and sorts, the video itself
// (GET, PUT, DELETE), its description, source, file metadata and file token,
// the constant lists, and the account / channel / my-videos lists.
#include <boost/json.hpp>

#include "api/auth.h"
#include "api/uploaded_image.h"
#include "api/routes.h"
#include "api/validate.h"
#include "api/video_access.h"
#include "api/video_constants.h"
#include "api/video_lists.h"
#include "api/video_publish.h"
#include "api/video_chapters.h"
#include "api/video_torrents.h"
#include "api/video_views.h"
#include "core/api_error.h"
#include "core/clock.h"
#include "jobs/queue.h"
#include "model/history.h"
#include "model/job.h"
#include "core/ids.h"
#include "http/multipart.h"
#include "media/thumbnail.h"

#include <chrono>
#include <fstream>
#include <unordered_map>

namespace vv::api {

namespace json = boost::json;

const std::vector<std::string> kVideoSorts = {"name", "duration", "createdAt", "publishedAt", "originallyPublishedAt",
                                              "views", "likes", "comments", "trending", "hot", "best", "random", "match"};

namespace {



std::vector<int> int_list(const http::Request& req, const char* name) {
  std::vector<int> out;
  for (const auto& v : req.query_params(name)) {
    try {
      size_t pos = 0;
      int n = std::stoi(v, &pos);
      if (pos != v.size()) throw std::invalid_argument("x");
      out.push_back(n);
    } catch (const std::exception&) {
      throw invalid_param(name, std::string("Should have a valid ") + name + " array", "query", json::value(v));
    }
  }
  return out;
}

std::optional<bool> bool_param(const http::Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v) return std::nullopt;
  if (*v == "true") return true;
  if (*v == "false") return false;
  if (*v == "both") return std::nullopt;
  throw invalid_param(name, std::string("Should have a valid ") + name + " boolean", "query", json::value(*v));
}

model::Video load_video(ApiContext& ctx, soci::session& s, const http::Request& req) {
  return require_video(s, req.param("id"));
}

const char* picture_dir(int type) { return type == 1 ? "thumbnails" : "previews"; }

// An uploaded thumbnail (1) or preview (2), resized and written to disk.
model::Thumbnail store_picture(ApiContext& ctx, int type, std::string_view data) {
  const char* field = type == 1 ? "thumbnailfile" : "previewfile";
  std::string msg = std::string("This ") + (type == 1 ? "thumbnail" : "preview") +
                    " file is not supported or too large. Please, make sure it is of the following type: .png, .jpg, .jpeg, .webp";
  if (data.size() > 8 * 1024 * 1024 || !media::is_supported_image(data)) throw invalid_param(field, msg);
  media::ImageSize size = type == 1 ? media::kThumbnailSize : media::kPreviewSize;
  std::string jpeg = resize_uploaded_image(data, size, field, msg);
  model::Thumbnail t{type, uuid_v4() + ".jpg", size.width, size.height, now_ms()};
  std::filesystem::path dir = ctx.cfg()->storage_dir(picture_dir(type));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / t.filename, std::ios::binary).write(jpeg.data(), static_cast<std::streamsize>(jpeg.size()));
  return t;
}

void remove_pictures(ApiContext& ctx, const std::vector<model::Thumbnail>& pics) {
  std::error_code ec;
  for (const auto& t : pics) std::filesystem::remove(ctx.cfg()->storage_dir(picture_dir(t.type)) / t.filename, ec);
}

}  // namespace

// The common filters of every video list.
model::VideoListQuery list_query(ApiContext& ctx, const http::Request& req, const std::optional<model::User>& user) {
  model::VideoListQuery q;
  model::Page p = page_from_query(req, kVideoSorts, "-publishedAt");
  q.start = p.start;
  q.count = p.count;
  q.sort = p.sort;
  q.skip_count = bool_param(req, "skipCount").value_or(false);
  q.category_one_of = int_list(req, "categoryOneOf");
  q.licence_one_of = int_list(req, "licenceOneOf");
  q.language_one_of = req.query_params("languageOneOf");
  q.tags_one_of = req.query_params("tagsOneOf");
  q.tags_all_of = req.query_params("tagsAllOf");
  q.is_local = bool_param(req, "isLocal");
  q.is_live = bool_param(req, "isLive");
  q.has_web_video_files = bool_param(req, "hasWebVideoFiles");
  q.has_hls_files = bool_param(req, "hasHLSFiles");
  q.search = req.query_param("search").value_or("");
  q.viewer_logged_in = user.has_value();
  q.trending_days = static_cast<int>(ctx.cfg()->integer("trending.videos.interval_days", 7));
  if (user && q.sort.ends_with("best")) q.best_user_id = user->id;
  // nsfw: explicit filter, else the viewer's (or the instance's) policy.
  if (auto n = req.query_param("nsfw"); n && *n != "both") {
    q.nsfw = bool_param(req, "nsfw");
  } else if (!n) {
    std::string policy = user ? user->nsfw_policy : ctx.cfg()->str("instance.default_nsfw_policy", "do_not_list");
    if (policy == "do_not_list") q.nsfw = false;
  }
  if (req.query_param("filter"))
    throw invalid_param("filter", "The filter parameter is not supported: use isLocal and include", "query",
                        json::value(*req.query_param("filter")));
  auto privacies = int_list(req, "privacyOneOf");
  // include: PeerTube's VideoInclude bit flags; 1 = not yet published videos too.
  std::optional<int64_t> include;
  if (auto inc = req.query_param("include")) {
    json::object o{{"include", *inc}};
    try {
      include = opt_int(o, "include", 0, 255);
    } catch (ApiError& e) {
      e.invalid.at("include").as_object()["location"] = "query";
      throw;
    }
  }
  for (int p : privacies)
    if (p < 1 || p > 5) throw invalid_param("privacyOneOf", "Should have a valid privacy one of array", "query", json::value(p));
  if (!privacies.empty() || include) {
    if (!user || !has_right(user->role, Right::see_all_videos))
      throw ApiError(401, "You are not allowed to see all videos.");
    if (!privacies.empty()) {
      q.privacy_one_of = privacies;
      q.include_all_privacies = true;
    }
    q.include_not_published = include && (*include & 1);
    q.include_blacklisted = include && (*include & 2);
  }
  return q;
}

// Totals of video lists, valid until the next database write: counting is a
// scan of every matching video, paging through a list repeats the same count.
struct CountCache {
  std::mutex mutex;
  std::unordered_map<std::string, std::pair<uint64_t, int64_t>> totals;  // key -> (write generation, total)
};
static CountCache& count_cache() {
  static CountCache c;
  return c;
}

// The viewer's watch positions on a page's videos (userHistory).
static std::map<int64_t, int> history_of(soci::session& s, const std::optional<model::User>& viewer,
                                         const std::vector<int64_t>& ids) {
  if (!viewer || !viewer->videos_history_enabled || ids.empty()) return {};
  return model::history_times(s, viewer->id, ids);
}

// {"total":N,"data":[...]} from serialized items, each given its viewer's
// userHistory: string work only, no JSON tree (the cached path).
static http::Response page_body(const std::vector<std::pair<int64_t, std::string>>& items, std::optional<int64_t> total,
                                const std::map<int64_t, int>& history) {
  std::string body;
  size_t size = 32;
  for (const auto& it : items) size += it.second.size() + 48;
  body.reserve(size);
  body += '{';
  if (total) body += "\"total\":" + std::to_string(*total) + ',';
  body += "\"data\":[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) body += ',';
    const std::string& item = items[i].second;
    auto h = history.find(items[i].first);
    if (h == history.end()) {
      body += item;
    } else {
      body.append(item, 0, item.size() - 1);
      body += ",\"userHistory\":{\"currentTime\":" + std::to_string(h->second) + "}}";
    }
  }
  body += "]}";
  return http::Response::text(std::move(body), 200, "application/json; charset=utf-8");
}

http::Response list_response(ApiContext& ctx, soci::session& s, const model::VideoListQuery& query, bool additional,
                             const std::optional<model::User>& viewer) {
  model::VideoListQuery q = query;
  std::string key;
  uint64_t generation = ctx.db.write_generation();
  // Signed-in viewers miss the anonymous response cache; their page is
  // cached here, keyed by the whole query (which holds everything the
  // viewer changes: logged in or not, NSFW policy, include rights), until
  // the next write and for a few seconds at most. Their watch positions
  // are added to each answer.
  struct CachedPage {
    uint64_t generation;
    std::chrono::steady_clock::time_point at;
    std::vector<std::pair<int64_t, std::string>> items;  // video id, its JSON
    std::vector<int64_t> ids;
    int64_t total;
  };
  thread_local std::unordered_map<std::string, CachedPage> pages;
  std::string page_key;
  if (q.sort.find("random") == std::string::npos)
    page_key = model::count_key(q) + fmt::format("#{}#{}#{}#{}#{}", q.start, q.count, q.sort, q.skip_count, additional);
  auto now = std::chrono::steady_clock::now();
  if (!page_key.empty()) {
    if (auto it = pages.find(page_key); it != pages.end()) {
      const auto& c = it->second;
      if (c.generation == generation && now - c.at < std::chrono::seconds(5))
        return page_body(c.items, q.skip_count ? std::nullopt : std::optional<int64_t>(c.total), history_of(s, viewer, c.ids));
      pages.erase(it);
    }
  }
  if (!q.skip_count) {
    key = model::count_key(q);
    auto& cache = count_cache();
    std::lock_guard lock(cache.mutex);
    auto it = cache.totals.find(key);
    if (it != cache.totals.end() && it->second.first == generation) q.known_total = it->second.second;
  }
  int64_t total = 0;
  auto videos = model::list_videos(s, q, &total);
  if (!q.skip_count && !q.known_total) {
    auto& cache = count_cache();
    std::lock_guard lock(cache.mutex);
    if (cache.totals.size() > 2000) cache.totals.clear();
    cache.totals[key] = {generation, total};
  }
  std::vector<std::pair<int64_t, std::string>> items;
  std::vector<int64_t> ids;
  for (const auto& v : videos) {
    items.emplace_back(v.id, json::serialize(video_json(ctx, v, {.details = false, .additional = additional})));
    ids.push_back(v.id);
  }
  auto history = history_of(s, viewer, ids);
  auto res = page_body(items, q.skip_count ? std::nullopt : std::optional<int64_t>(total), history);
  if (!page_key.empty()) {
    // Per worker thread (8+ of them): ~64 pages of 25 videos stay a few MB each.
    if (pages.size() > 64) pages.clear();
    pages[page_key] = CachedPage{generation, now, std::move(items), std::move(ids), total};
  }
  return res;
}

void register_videos_routes(http::Router& r, ApiContext& ctx) {
  // ---- constants ----
  r.get("/api/v1/videos/categories", [](http::Request&) {
    json::object o;
    for (const auto& [id, label] : video_categories()) o[std::to_string(id)] = label;
    return http::Response::json(o);
  }, {.run_inline = true});
  r.get("/api/v1/videos/licences", [](http::Request&) {
    json::object o;
    for (const auto& [id, label] : video_licences()) o[std::to_string(id)] = label;
    return http::Response::json(o);
  }, {.run_inline = true});
  r.get("/api/v1/videos/languages", [](http::Request&) {
    json::object o;
    for (const auto& [id, label] : video_languages()) o[id] = label;
    return http::Response::json(o);
  }, {.run_inline = true});
  r.get("/api/v1/videos/privacies", [](http::Request&) {
    json::object o;
    for (const auto& [id, label] : video_privacies()) o[std::to_string(id)] = label;
    return http::Response::json(o);
  }, {.run_inline = true});

  // ---- lists ----
  r.get("/api/v1/videos", [&ctx](http::Request& req) {
    auto user = authenticate(ctx, req);
    auto q = list_query(ctx, req, user);
    bool with_state = req.query_param("include").has_value();
    return ctx.db.read([&](soci::session& s) { return list_response(ctx, s, q, with_state, user); });
  }, {.cache_anonymous = true});

  r.get("/api/v1/accounts/:name/videos", [&ctx](http::Request& req) {
    auto user = authenticate(ctx, req);
    auto q = list_query(ctx, req, user);
    return ctx.db.read([&](soci::session& s) {
      auto a = model::find_account_by_handle(s, model::parse_handle(req.param("name"), ctx.host()));
      if (!a) throw ApiError(404, "Account not found");
      q.account_id = a->id;
      return list_response(ctx, s, q, false, user);
    });
  }, {.cache_anonymous = true});

  r.get("/api/v1/video-channels/:handle/videos", [&ctx](http::Request& req) {
    auto user = authenticate(ctx, req);
    auto q = list_query(ctx, req, user);
    return ctx.db.read([&](soci::session& s) {
      auto c = model::find_channel_by_handle(s, model::parse_handle(req.param("handle"), ctx.host()));
      if (!c) throw ApiError(404, "Video channel not found");
      q.channel_id = c->id;
      return list_response(ctx, s, q, false, user);
    });
  }, {.cache_anonymous = true});

  r.get("/api/v1/users/me/videos", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    // My own videos: the common filters, but every privacy, state and NSFW.
    auto stripped = req;
    std::erase_if(stripped.query, [](const auto& kv) {
      return kv.first == "privacyOneOf" || kv.first == "privacyOneOf[]" || kv.first == "include" || kv.first == "nsfw";
    });
    if (!req.query_param("sort")) stripped.query.emplace_back("sort", "-createdAt");
    stripped.query.emplace_back("nsfw", "both");  // my own NSFW videos are always listed
    model::VideoListQuery q = list_query(ctx, stripped, user);
    q.owner_user_id = user.id;
    q.include_all_privacies = true;
    q.include_not_published = true;
    q.include_blacklisted = true;
    q.privacy_one_of = int_list(req, "privacyOneOf");
    if (auto ch = req.query_param("channelId")) q.channel_id = parse_id(*ch);
    return ctx.db.read([&](soci::session& s) { return list_response(ctx, s, q, true, user); });
  });

  // ---- one video ----
  r.get("/api/v1/videos/:id", [&ctx](http::Request& req) {
    auto user = authenticate(ctx, req);
    return ctx.db.read([&](soci::session& s) {
      auto v = load_video(ctx, s, req);
      check_can_view(ctx, s, v, user, req);
      json::object o = video_json(ctx, v, {.details = true});
      if (user)
        if (auto t = model::history_time(s, user->id, v.id)) o["userHistory"] = json::object{{"currentTime", *t}};
      return http::Response::json(o);
    });
  }, {.cache_anonymous = true, .cache_bypass_headers = {"x-peertube-video-password"}});

  r.get("/api/v1/videos/:id/description", [&ctx](http::Request& req) {
    auto user = authenticate(ctx, req);
    return ctx.db.read([&](soci::session& s) {
      auto v = load_video(ctx, s, req);
      check_can_view(ctx, s, v, user, req);
      json::object o;
      if (v.description.empty()) o["description"] = nullptr;
      else o["description"] = v.description;
      return http::Response::json(o);
    });
  });

  r.get("/api/v1/videos/:id/source", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    return ctx.db.read([&](soci::session& s) {
      auto v = load_video(ctx, s, req);
      if (!can_manage_video(v, user)) throw ApiError(403, "Cannot get this video source");
      auto src = model::find_video_source(s, v.id);
      if (!src) throw ApiError(404, "Video source not found");
      json::object o{{"inputFilename", src->input_filename}, {"createdAt", iso8601(src->created_at)}};
      if (src->resolution) o["resolution"] = json::object{{"id", *src->resolution}, {"label", resolution_label(*src->resolution)}};
      if (src->width) o["width"] = *src->width;
      if (src->height) o["height"] = *src->height;
      if (src->fps) o["fps"] = *src->fps;
      if (src->size) o["size"] = *src->size;
      o["fileDownloadUrl"] = nullptr;  // the original is not kept apart yet (transcoding.original_file.keep)
      if (!src->metadata.empty()) {
        boost::system::error_code ec;
        json::value m = json::parse(src->metadata, ec);
        if (!ec) o["metadata"] = std::move(m);
      }
      return http::Response::json(o);
    });
  });

  r.get("/api/v1/videos/:id/metadata/:fileId", [&ctx](http::Request& req) {
    auto user = authenticate(ctx, req);
    int64_t file_id = parse_id(req.param("fileId"));
    return ctx.db.read([&](soci::session& s) {
      auto v = load_video(ctx, s, req);
      check_can_view(ctx, s, v, user, req);
      std::vector<model::VideoFile> all = v.files;
      all.insert(all.end(), v.hls_files.begin(), v.hls_files.end());
      for (const auto& f : all)
        if (f.id == file_id) {
          boost::system::error_code ec;
          json::value m = json::parse(f.metadata.empty() ? "{}" : f.metadata, ec);
          return http::Response::json(ec ? json::value(json::object()) : m);
        }
      throw ApiError(404, "Video file not found");
    });
  });

  r.post("/api/v1/videos/:id/token", [&ctx](http::Request& req) {
    auto user = authenticate(ctx, req);
    return ctx.db.read([&](soci::session& s) {
      auto v = load_video(ctx, s, req);
      if (!user && v.privacy != model::kPasswordProtected) throw ApiError(401, "Authentication is required", "unauthorized_request");
      check_can_view(ctx, s, v, user, req);
      auto t = issue_video_file_token(v.id);
      return http::Response::json(json::object{{"files", json::object{{"token", t.token}, {"expires", iso8601(t.expires_at)}}}});
    });
  });

  r.put("/api/v1/videos/:id", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    // JSON, form-encoded, or multipart with thumbnailfile / previewfile.
    json::object body;
    std::vector<std::pair<int, std::string_view>> images;  // type, picture bytes
    std::vector<http::Part> parts;
    if (auto boundary = http::multipart_boundary(req.header("content-type"))) {
      auto parsed = http::parse_multipart(req.body, *boundary);
      if (!parsed) throw ApiError(400, "Malformed multipart body");
      parts = std::move(*parsed);
      std::vector<std::pair<std::string, std::string>> form;
      for (const auto& p : parts) {
        if (p.filename && (p.name == "thumbnailfile" || p.name == "previewfile"))
          images.emplace_back(p.name == "thumbnailfile" ? 1 : 2, p.data);
        else if (!p.filename)
          form.emplace_back(p.name, std::string(p.data));
      }
      body = form_to_json(form);
    } else {
      body = body_object(req);
    }
    VideoMetadata meta = parse_video_metadata(body, false);
    std::vector<model::Thumbnail> new_images;
    for (const auto& [type, data] : images) new_images.push_back(store_picture(ctx, type, data));
    model::Video updated;
    bool torrents_stale = false;
    std::map<int, std::vector<std::string>> old_pictures;
    try {
    ctx.db.write([&](soci::session& s) {
      auto v = load_video(ctx, s, req);
      if (!can_manage_video(v, user)) throw ApiError(403, "Cannot manage a video of another user.");
      if (meta.channel_id && *meta.channel_id != v.channel_id) upload_channel(ctx, s, user, *meta.channel_id);
      int old_privacy = v.privacy;
      bool were_private = files_are_private(v);
      std::string old_description = v.description;
      if (meta.privacy && *meta.privacy == model::kPasswordProtected && !meta.passwords &&
          model::video_passwords(s, v.id).empty())
        throw invalid_param("videoPasswords", "Should have a password when the video is password protected");
      apply_metadata(ctx, v, meta);
      // Becoming public for the first time counts as publication.
      if (old_privacy == model::kPrivate && v.privacy != model::kPrivate) v.published_at = now_ms();
      model::save_video(s, v);
      if (meta.passwords) model::set_video_passwords(s, v.id, v.privacy == model::kPasswordProtected ? *meta.passwords : std::vector<std::string>{});
      else if (v.privacy != model::kPasswordProtected) model::set_video_passwords(s, v.id, {});
      if (meta.schedule) model::set_video_schedule(s, v.id, *meta.schedule);
      if (meta.description) replace_chapters_from_description(s, v.id, old_description, v.description);
      for (const auto& t : new_images) model::replace_thumbnail(s, v.id, t, &old_pictures[t.type]);
      move_files_for_privacy(ctx, v, were_private);
      torrents_stale = meta.name.has_value() || were_private != files_are_private(v);
      updated = v;
    });
    } catch (...) {
      remove_pictures(ctx, new_images);
      throw;
    }
    for (const auto& [type, files] : old_pictures) {
      std::vector<model::Thumbnail> gone;
      for (const auto& f : files) gone.push_back({type, f});
      remove_pictures(ctx, gone);
    }
    // The torrent names the video and points at the file URL: rebuild it.
    if (torrents_stale) rebuild_torrents(ctx, updated);
    return http::Response::no_content();
  }, {.body_limit = 20 * 1024 * 1024});

  r.del("/api/v1/videos/:id", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    model::Video removed;
    ctx.db.write([&](soci::session& s) {
      auto v = load_video(ctx, s, req);
      if (!is_video_owner(v, user) && !has_right(user.role, Right::remove_any_video))
        throw ApiError(403, "Cannot remove a video of another user.");
      model::delete_waiting_jobs_of_video(s, v.id);
      model::delete_video(s, v.id);
      removed = std::move(v);
    });
    if (ctx.jobs) ctx.jobs->cancel_video_jobs(removed.id);
    remove_video_files(ctx, removed);
    return http::Response::no_content();
  });
}

}  // namespace vv::api
