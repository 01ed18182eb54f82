// /api/v1/video-playlists: playlists, their elements, reordering, the
// account and channel lists, and /users/me/video-playlists/videos-exist.
//
// Visibility: public playlists are listed; unlisted ones are reachable by
// UUID; private ones (and Watch later) by their owner only. An element whose
// video the viewer may not see is shown without the video, typed deleted /
// private / unavailable as PeerTube does.
#include <fstream>

#include <boost/json.hpp>

#include "api/auth.h"
#include "api/uploaded_image.h"
#include "api/routes.h"
#include "api/validate.h"
#include "api/video_access.h"
#include "api/video_views.h"
#include "api/views.h"
#include "core/api_error.h"
#include "core/clock.h"
#include "core/ids.h"
#include "http/multipart.h"
#include "media/image.h"
#include "media/thumbnail.h"
#include "model/playlist.h"
#include "model/video.h"

namespace vv::api {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

// PeerTube accepts a numeric id, a UUID or a short UUID; anything else is 400.
void check_playlist_id(const std::string& key) {
  if (!is_id_or_uuid(key))
    throw invalid_param("playlistId", "Should have a valid playlist id", "params", json::value(key));
}

const char* playlist_privacy_label(int p) { return p == 1 ? "Public" : p == 2 ? "Unlisted" : "Private"; }

json::object playlist_json(ApiContext& ctx, const model::Playlist& p) {
  const std::string& base = ctx.base_url();
  json::object o;
  o["id"] = p.id;
  o["uuid"] = p.uuid;
  o["shortUUID"] = uuid_to_short(p.uuid);
  o["isLocal"] = true;
  o["url"] = p.url;
  o["displayName"] = p.name;
  if (p.description.empty()) o["description"] = nullptr;
  else o["description"] = p.description;
  o["privacy"] = json::object{{"id", p.privacy}, {"label", playlist_privacy_label(p.privacy)}};
  json::array thumbs;
  if (!p.thumbnail_filename.empty()) {
    std::string path = "/lazy-static/thumbnails/" + p.thumbnail_filename;
    o["thumbnailPath"] = path;
    o["thumbnailUrl"] = base + path;
    thumbs.push_back(json::object{{"width", media::kThumbnailSize.width}, {"height", media::kThumbnailSize.height},
                                  {"aspectRatio", "16:9"}, {"fileUrl", base + path}});
  } else {
    o["thumbnailPath"] = nullptr;
  }
  o["thumbnails"] = std::move(thumbs);
  o["videosLength"] = p.videos_length;
  o["type"] = json::object{{"id", p.type}, {"label", p.type == 2 ? "Watch later" : "Regular"}};
  o["embedPath"] = "/video-playlists/embed/" + p.uuid;
  o["embedUrl"] = base + "/video-playlists/embed/" + p.uuid;
  o["createdAt"] = iso8601(p.created_at);
  o["updatedAt"] = iso8601(p.updated_at);
  if (p.owner) o["ownerAccount"] = account_summary_json(*p.owner, base, ctx.host());
  if (p.channel) o["videoChannel"] = channel_summary_json(*p.channel, base, ctx.host());
  else o["videoChannel"] = nullptr;
  o["videoChannelPosition"] = nullptr;
  return o;
}

bool owns(soci::session& s, const model::Playlist& p, const std::optional<model::User>& user) {
  return user && p.owner && p.owner->user_id && *p.owner->user_id == user->id;
}

// Loads a playlist the requester may see (PeerTube's rules), else throws.
model::Playlist visible_playlist(ApiContext& ctx, soci::session& s, const http::Request& req,
                                 const std::optional<model::User>& user) {
  const std::string& key = req.param("playlistId");
  check_playlist_id(key);
  auto p = model::find_playlist(s, key);
  if (!p) throw ApiError(404, "Video playlist not found");
  if (p->privacy == model::kPlaylistPrivate && !owns(s, *p, user) &&
      !(user && has_right(user->role, Right::update_any_video_playlist))) {
    if (!user) throw ApiError(401, "Cannot get this private video playlist: authentication required");
    throw ApiError(403, "Cannot get this private video playlist.");
  }
  if (p->privacy == model::kPlaylistUnlisted && !owns(s, *p, user)) {
    bool numeric = std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (numeric) throw ApiError(404, "Video playlist not found");
  }
  return std::move(*p);
}

model::Playlist owned_playlist(ApiContext& ctx, soci::session& s, const http::Request& req, const model::User& user,
                               Right any_right) {
  check_playlist_id(req.param("playlistId"));
  auto p = model::find_playlist(s, req.param("playlistId"));
  if (!p) throw ApiError(404, "Video playlist not found");
  if (!owns(s, *p, user) && !has_right(user.role, any_right))
    throw ApiError(403, "Cannot manage video playlist of another user");
  return std::move(*p);
}

struct PlaylistInput {
  json::object body;
  std::optional<std::string_view> thumbnail;
  std::vector<http::Part> parts;  // keeps `thumbnail` alive
};

PlaylistInput read_input(const http::Request& req) {
  PlaylistInput in;
  if (auto boundary = http::multipart_boundary(req.header("content-type"))) {
    auto parsed = http::parse_multipart(req.body, *boundary);
    if (!parsed) throw ApiError(400, "Malformed multipart body");
    in.parts = std::move(*parsed);
    for (const auto& p : in.parts) {
      if (p.filename && p.name == "thumbnailfile") in.thumbnail = p.data;
      else if (!p.filename) in.body[p.name] = std::string(p.data);
    }
  } else {
    in.body = body_object(req);
  }
  return in;
}

std::string store_thumbnail(ApiContext& ctx, std::string_view data) {
  const char* msg = "This thumbnail file is not supported or too large. Please, make sure it is of the following type: .jpg, .jpeg";
  if (data.size() > 8 * 1024 * 1024 || !media::is_supported_image(data)) throw invalid_param("thumbnailfile", msg);
  std::string jpeg = resize_uploaded_image(data, media::kThumbnailSize, "thumbnailfile", msg);
  std::string name = uuid_v4() + ".jpg";
  fs::path dir = ctx.cfg()->storage_dir("thumbnails");
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary).write(jpeg.data(), static_cast<std::streamsize>(jpeg.size()));
  return name;
}

// Copies the first video's thumbnail for playlists without a custom one.
void refresh_auto_thumbnail(ApiContext& ctx, soci::session& s, model::Playlist& p) {
  if (p.thumbnail_custom) return;
  auto elems = model::list_elements(s, p.id, 0, 1, nullptr);
  std::string want;
  if (!elems.empty() && elems.front().video_id)
    if (auto v = model::find_video_by_id(s, *elems.front().video_id))
      for (const auto& t : v->thumbnails)
        if (t.type == 1) want = t.filename;
  fs::path dir = ctx.cfg()->storage_dir("thumbnails");
  std::error_code ec;
  if (!p.thumbnail_filename.empty()) fs::remove(dir / p.thumbnail_filename, ec);
  p.thumbnail_filename.clear();
  if (!want.empty()) {
    std::string name = uuid_v4() + ".jpg";
    fs::copy_file(dir / want, dir / name, ec);
    if (!ec) p.thumbnail_filename = name;
  }
  model::save_playlist(s, p);
}

int element_type(ApiContext& ctx, soci::session& s, const std::optional<model::Video>& v,
                 const std::optional<model::User>& user, const http::Request& req) {
  if (!v) return 1;  // deleted
  try {
    http::Request probe;  // no password header, no id form: the plain rules
    check_can_view(ctx, s, *v, user, probe);
  } catch (const ApiError&) {
    return v->blacklisted ? 3 : 2;  // blocked : private, internal or password protected
  }
  return 0;
}

std::optional<int> timestamp(const json::object& body, const char* field) {
  auto v = opt_int(body, field, 0, INT32_MAX);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

}  // namespace

void register_playlists_routes(http::Router& r, ApiContext& ctx) {
  r.get("/api/v1/video-playlists/privacies", [](http::Request&) {
    return http::Response::json(json::object{{"1", "Public"}, {"2", "Unlisted"}, {"3", "Private"}});
  }, {.run_inline = true});

  r.get("/api/v1/video-playlists", [&ctx](http::Request& req) {
    model::Page page = page_from_query(req, {"displayName", "createdAt", "updatedAt"}, "-createdAt");
    model::PlaylistListQuery q;
    q.start = page.start;
    q.count = page.count;
    q.sort = page.sort;
    if (auto t = req.query_param("playlistType")) {
      if (*t != "1" && *t != "2") throw invalid_param("playlistType", "Should have a valid playlist type", "query", json::value(*t));
      q.type = std::stoi(*t);
    }
    q.search = req.query_param("search").value_or("");
    return ctx.db.read([&](soci::session& s) {
      int64_t total = 0;
      json::array data;
      for (const auto& p : model::list_playlists(s, q, &total)) data.push_back(playlist_json(ctx, p));
      return http::Response::json(list_json(total, std::move(data)));
    });
  }, {.cache_anonymous = true});

  auto owner_lists = [&ctx](http::Request& req, bool by_channel) {
    auto user = authenticate(ctx, req);
    model::Page page = page_from_query(req, {"displayName", "createdAt", "updatedAt"}, "-createdAt");
    model::PlaylistListQuery q;
    q.start = page.start;
    q.count = page.count;
    q.sort = page.sort;
    q.search = req.query_param("search").value_or("");
    if (auto t = req.query_param("playlistType")) {
      if (*t != "1" && *t != "2") throw invalid_param("playlistType", "Should have a valid playlist type", "query", json::value(*t));
      q.type = std::stoi(*t);
    }
    return ctx.db.read([&](soci::session& s) {
      if (by_channel) {
        auto c = model::find_channel_by_handle(s, model::parse_handle(req.param("handle"), ctx.host()));
        if (!c) throw ApiError(404, "Video channel not found");
        q.channel_id = c->id;
        q.include_private = user && c->owner && c->owner->user_id == user->id;
      } else {
        auto a = model::find_account_by_handle(s, model::parse_handle(req.param("name"), ctx.host()));
        if (!a) throw ApiError(404, "Account not found");
        q.account_id = a->id;
        q.include_private = user && a->user_id == user->id;
      }
      int64_t total = 0;
      json::array data;
      for (const auto& p : model::list_playlists(s, q, &total)) data.push_back(playlist_json(ctx, p));
      return http::Response::json(list_json(total, std::move(data)));
    });
  };
  r.get("/api/v1/accounts/:name/video-playlists", [owner_lists](http::Request& req) { return owner_lists(req, false); });
  r.get("/api/v1/video-channels/:handle/video-playlists", [owner_lists](http::Request& req) { return owner_lists(req, true); });

  r.get("/api/v1/users/me/video-playlists/videos-exist", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    std::vector<int64_t> ids;
    for (const auto& v : req.query_params("videoIds")) ids.push_back(parse_id(v));
    if (ids.empty()) throw invalid_param("videoIds", "Should have a valid video ids array", "query");
    return ctx.db.read([&](soci::session& s) {
      auto account = model::find_account_of_user(s, user.id);
      json::object out;
      for (int64_t id : ids) out[std::to_string(id)] = json::array();
      if (account)
        for (const auto& e : model::videos_in_playlists_of(s, account->id, ids)) {
          json::object o{{"playlistElementId", e.element_id},
                         {"playlistId", e.playlist_id},
                         {"playlistDisplayName", e.playlist_name},
                         {"playlistShortUUID", uuid_to_short(e.playlist_uuid)}};
          o["startTimestamp"] = e.start_timestamp ? json::value(*e.start_timestamp) : json::value(nullptr);
          o["stopTimestamp"] = e.stop_timestamp ? json::value(*e.stop_timestamp) : json::value(nullptr);
          out[std::to_string(e.video_id)].as_array().push_back(std::move(o));
        }
      return http::Response::json(out);
    });
  });

  r.post("/api/v1/video-playlists", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    PlaylistInput in = read_input(req);
    model::Playlist p;
    p.name = req_string(in.body, "displayName", 1, 120);
    p.description = opt_string(in.body, "description", 3, 1000).value_or("");
    p.privacy = static_cast<int>(opt_int(in.body, "privacy", 1, 3).value_or(model::kPlaylistPrivate));
    auto channel_id = opt_int(in.body, "videoChannelId", 1, INT64_MAX);
    if ((p.privacy == model::kPlaylistPublic || p.privacy == model::kPlaylistUnlisted) && !channel_id)
      throw ApiError(400, "Cannot set \"public\" or \"unlisted\" a playlist that is not assigned to a channel.");
    if (in.thumbnail) {
      p.thumbnail_filename = store_thumbnail(ctx, *in.thumbnail);
      p.thumbnail_custom = true;
    }
    ctx.db.write([&](soci::session& s) {
      auto account = model::find_account_of_user(s, user.id);
      if (!account) throw ApiError(404, "Account not found");
      p.owner_account_id = account->id;
      if (channel_id) {
        auto c = model::find_channel(s, *channel_id);
        if (!c) throw ApiError(404, "Video channel not found");
        if (c->account_id != account->id) throw ApiError(403, "Cannot use this video channel of another account.");
        p.channel_id = c->id;
      }
      model::insert_playlist(s, p, ctx.base_url());
    });
    return http::Response::json(json::object{
        {"videoPlaylist", json::object{{"id", p.id}, {"uuid", p.uuid}, {"shortUUID", uuid_to_short(p.uuid)}}}});
  }, {.body_limit = 10 * 1024 * 1024});

  r.get("/api/v1/video-playlists/:playlistId", [&ctx](http::Request& req) {
    auto user = authenticate(ctx, req);
    return ctx.db.read([&](soci::session& s) { return http::Response::json(playlist_json(ctx, visible_playlist(ctx, s, req, user))); });
  });

  r.put("/api/v1/video-playlists/:playlistId", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    PlaylistInput in = read_input(req);
    auto name = opt_string(in.body, "displayName", 1, 120);
    auto description = opt_string(in.body, "description", 3, 1000);
    auto privacy = opt_int(in.body, "privacy", 1, 3);
    bool channel_given = in.body.contains("videoChannelId");
    std::optional<int64_t> channel_id;
    if (channel_given && !in.body.at("videoChannelId").is_null() && !(in.body.at("videoChannelId").is_string() && in.body.at("videoChannelId").as_string().empty()))
      channel_id = opt_int(in.body, "videoChannelId", 1, INT64_MAX);
    std::string thumb = in.thumbnail ? store_thumbnail(ctx, *in.thumbnail) : "";
    std::string old_thumb;
    ctx.db.write([&](soci::session& s) {
      auto p = owned_playlist(ctx, s, req, user, Right::update_any_video_playlist);
      if (p.type == model::kPlaylistWatchLater) throw ApiError(400, "Cannot update a watch later playlist.");
      if (name) p.name = *name;
      if (description) p.description = *description;
      if (privacy) p.privacy = static_cast<int>(*privacy);
      if (channel_given) {
        if (channel_id) {
          auto c = model::find_channel(s, *channel_id);
          if (!c) throw ApiError(404, "Video channel not found");
          if (c->account_id != p.owner_account_id) throw ApiError(403, "Cannot use this video channel of another account.");
          p.channel_id = c->id;
        } else {
          p.channel_id.reset();
        }
      }
      if ((p.privacy == model::kPlaylistPublic || p.privacy == model::kPlaylistUnlisted) && !p.channel_id)
        throw ApiError(400, "Cannot set \"public\" or \"unlisted\" a playlist that is not assigned to a channel.");
      if (!thumb.empty()) {
        old_thumb = p.thumbnail_filename;
        p.thumbnail_filename = thumb;
        p.thumbnail_custom = true;
      }
      model::save_playlist(s, p);
    });
    std::error_code ec;
    if (!old_thumb.empty()) fs::remove(ctx.cfg()->storage_dir("thumbnails") / old_thumb, ec);
    return http::Response::no_content();
  }, {.body_limit = 10 * 1024 * 1024});

  r.del("/api/v1/video-playlists/:playlistId", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    std::string thumb;
    ctx.db.write([&](soci::session& s) {
      auto p = owned_playlist(ctx, s, req, user, Right::remove_any_video_playlist);
      if (p.type == model::kPlaylistWatchLater) throw ApiError(400, "Cannot delete a watch later playlist.");
      thumb = p.thumbnail_filename;
      model::delete_playlist(s, p.id);
    });
    std::error_code ec;
    if (!thumb.empty()) fs::remove(ctx.cfg()->storage_dir("thumbnails") / thumb, ec);
    return http::Response::no_content();
  });

  r.get("/api/v1/video-playlists/:playlistId/videos", [&ctx](http::Request& req) {
    auto user = authenticate(ctx, req);
    model::Page page = page_from_query(req, {}, "");
    return ctx.db.read([&](soci::session& s) {
      auto p = visible_playlist(ctx, s, req, user);
      int64_t total = 0;
      json::array data;
      for (const auto& e : model::list_elements(s, p.id, page.start, page.count, &total)) {
        std::optional<model::Video> v;
        if (e.video_id) v = model::find_video_by_id(s, *e.video_id);
        int type = element_type(ctx, s, v, user, req);
        json::object o{{"id", e.id}, {"position", e.position}, {"type", type}};
        o["startTimestamp"] = e.start_timestamp ? json::value(*e.start_timestamp) : json::value(nullptr);
        o["stopTimestamp"] = e.stop_timestamp ? json::value(*e.stop_timestamp) : json::value(nullptr);
        o["video"] = type == 0 ? json::value(video_json(ctx, *v)) : json::value(nullptr);
        data.push_back(std::move(o));
      }
      return http::Response::json(list_json(total, std::move(data)));
    });
  });

  r.post("/api/v1/video-playlists/:playlistId/videos", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    json::object body = body_object(req);
    auto it = body.find("videoId");
    if (it == body.end() || !(it->value().is_string() || it->value().is_int64()))
      throw invalid_param("videoId", "Should have a valid video id");
    std::string key = it->value().is_string() ? std::string(it->value().as_string()) : std::to_string(it->value().as_int64());
    if (!is_id_or_uuid(key)) throw invalid_param("videoId", "Should have a valid video id", "body", it->value());
    auto start = timestamp(body, "startTimestamp"), stop = timestamp(body, "stopTimestamp");
    int64_t id = ctx.db.write([&](soci::session& s) {
      auto p = owned_playlist(ctx, s, req, user, Right::update_any_video_playlist);
      auto found = require_video(s, key);
      auto* v = &found;
      check_can_view(ctx, s, *v, user, req);
      if ((start && *start > v->duration) || (stop && *stop > v->duration) || (start && stop && *start >= *stop))
        throw invalid_param("startTimestamp", "Should have valid start and stop timestamps");
      int64_t eid = model::add_element(s, p.id, v->id, start, stop, p.url);
      refresh_auto_thumbnail(ctx, s, p);
      return eid;
    });
    return http::Response::json(json::object{{"videoPlaylistElement", json::object{{"id", id}}}});
  }, {.body_limit = 16 * 1024});

  r.put("/api/v1/video-playlists/:playlistId/videos/:elementId", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    json::object body = body_object(req);
    auto start = timestamp(body, "startTimestamp"), stop = timestamp(body, "stopTimestamp");
    ctx.db.write([&](soci::session& s) {
      auto p = owned_playlist(ctx, s, req, user, Right::update_any_video_playlist);
      auto e = model::find_element(s, p.id, parse_id(req.param("elementId")));
      if (!e) throw ApiError(404, "Video playlist element not found");
      if (body.contains("startTimestamp")) e->start_timestamp = start;
      if (body.contains("stopTimestamp")) e->stop_timestamp = stop;
      model::update_element(s, *e);
    });
    return http::Response::no_content();
  }, {.body_limit = 16 * 1024});

  r.del("/api/v1/video-playlists/:playlistId/videos/:elementId", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    ctx.db.write([&](soci::session& s) {
      auto p = owned_playlist(ctx, s, req, user, Right::update_any_video_playlist);
      auto e = model::find_element(s, p.id, parse_id(req.param("elementId")));
      if (!e) throw ApiError(404, "Video playlist element not found");
      model::remove_element(s, p.id, e->id);
      refresh_auto_thumbnail(ctx, s, p);
    });
    return http::Response::no_content();
  });

  r.post("/api/v1/video-playlists/:playlistId/videos/reorder", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    json::object body = body_object(req);
    auto start = opt_int(body, "startPosition", 1, INT32_MAX);
    auto after = opt_int(body, "insertAfterPosition", 0, INT32_MAX);
    auto length = opt_int(body, "reorderLength", 1, INT32_MAX);
    if (!start) throw invalid_param("startPosition", "Should have a valid start position");
    if (!after) throw invalid_param("insertAfterPosition", "Should have a valid insert after position");
    ctx.db.write([&](soci::session& s) {
      auto p = owned_playlist(ctx, s, req, user, Right::update_any_video_playlist);
      int64_t n = p.videos_length;
      int len = static_cast<int>(length.value_or(1));
      if (*start > n) throw invalid_param("startPosition", "Start position should not exceed the playlist length");
      if (*after > n) throw invalid_param("insertAfterPosition", "Insert after position should not exceed the playlist length");
      if (*start + len - 1 > n) throw invalid_param("reorderLength", "Reorder length should not exceed the playlist length");
      if (*after >= *start && *after < *start + len - 1)
        throw invalid_param("insertAfterPosition", "Cannot insert inside the moved range");
      model::reorder_elements(s, p.id, static_cast<int>(*start), static_cast<int>(*after), len);
      refresh_auto_thumbnail(ctx, s, p);
    });
    return http::Response::no_content();
  }, {.body_limit = 16 * 1024});
}

}  // namespace vv::api
