#include "api/video_views.h"

#include <boost/json.hpp>

#include "api/video_constants.h"
#include "api/video_file_paths.h"
#include "api/video_torrents.h"
#include "api/video_viewers.h"
#include "api/views.h"
#include "core/clock.h"
#include "core/ids.h"

namespace vv::api {

namespace json = boost::json;

bool is_private_privacy(int privacy) {
  return privacy == model::kPrivate || privacy == model::kInternal || privacy == model::kPasswordProtected;
}

bool files_are_private(const model::Video& v) { return is_private_privacy(v.privacy) || v.blacklisted; }

std::string web_video_url_path(const model::Video& v, const model::VideoFile& f) {
  return std::string(files_are_private(v) ? "/static/web-videos/private/" : "/static/web-videos/") + f.filename;
}

std::string truncate_description(const std::string& d) {
  // PeerTube: 250 characters at most, cut on a UTF-8 boundary, "..." appended.
  constexpr size_t kMax = 250;
  size_t chars = 0, i = 0;
  for (; i < d.size(); ++i) {
    if ((static_cast<unsigned char>(d[i]) & 0xC0) != 0x80) {
      if (chars == kMax - 3) break;
      ++chars;
    }
  }
  if (i >= d.size()) return d;
  return d.substr(0, i) + "...";
}

static json::object label(json::value id, const std::optional<std::string>& l) {
  return json::object{{"id", std::move(id)}, {"label", l.value_or("Unknown")}};
}

json::object video_file_json(const ApiContext& ctx, const model::Video& v, const model::VideoFile& f) {
  const std::string& base = ctx.base_url();
  json::object o;
  o["id"] = f.id;
  o["resolution"] = json::object{{"id", f.resolution}, {"label", resolution_label(f.resolution)}};
  o["size"] = f.size;
  o["width"] = f.width;
  o["height"] = f.height;
  o["fps"] = f.fps;
  o["fileUrl"] = base + file_url_path(v, f);
  o["fileDownloadUrl"] = base + file_download_path(v, f);
  if (f.streaming_playlist_id) o["playlistUrl"] = base + hls_url_dir(v) + f.playlist_filename;
  if (!f.torrent_filename.empty()) {
    o["torrentUrl"] = base + "/lazy-static/torrents/" + f.torrent_filename;
    o["torrentDownloadUrl"] = base + "/download/torrents/" + f.torrent_filename;
    o["magnetUri"] = magnet_of(ctx, v, f);
  } else {
    o["torrentUrl"] = nullptr;
    o["torrentDownloadUrl"] = nullptr;
    o["magnetUri"] = nullptr;
  }
  o["metadataUrl"] = base + "/api/v1/videos/" + v.uuid + "/metadata/" + std::to_string(f.id);
  o["hasAudio"] = f.has_audio;
  o["hasVideo"] = f.has_video;
  o["storage"] = 0;
  return o;
}

json::object video_json(const ApiContext& ctx, const model::Video& v, const VideoJsonOptions& opt) {
  const std::string& base = ctx.base_url();
  const std::string& host = ctx.host();
  json::object o;
  o["id"] = v.id;
  o["uuid"] = v.uuid;
  o["shortUUID"] = uuid_to_short(v.uuid);
  o["url"] = v.url;
  o["name"] = v.name;
  o["category"] = label(v.category ? json::value(*v.category) : json::value(nullptr),
                        v.category ? category_label(*v.category) : std::nullopt);
  o["licence"] = label(v.licence ? json::value(*v.licence) : json::value(nullptr),
                       v.licence ? licence_label(*v.licence) : std::nullopt);
  o["language"] = label(v.language ? json::value(*v.language) : json::value(nullptr),
                        v.language ? language_label(*v.language) : std::nullopt);
  o["privacy"] = label(v.privacy, privacy_label(v.privacy));
  o["nsfw"] = v.nsfw;
  o["nsfwFlags"] = 0;
  o["nsfwSummary"] = nullptr;
  if (v.description.empty()) {
    o["description"] = nullptr;
    o["truncatedDescription"] = nullptr;
  } else {
    o["truncatedDescription"] = truncate_description(v.description);
    o["description"] = opt.details ? v.description : truncate_description(v.description);
  }
  o["isLocal"] = v.is_local;
  o["duration"] = v.duration;
  o["views"] = v.views;
  o["viewers"] = viewers_of(v.id);
  o["likes"] = v.likes;
  o["dislikes"] = v.dislikes;
  o["comments"] = v.comments_count;
  o["isLive"] = v.is_live;
  if (v.aspect_ratio) o["aspectRatio"] = *v.aspect_ratio;
  else o["aspectRatio"] = nullptr;

  json::array thumbs;
  for (int type : {1, 2}) {
    const model::Thumbnail* t = nullptr;
    for (const auto& th : v.thumbnails)
      if (th.type == type) t = &th;
    std::string path = t ? std::string(type == 1 ? "/lazy-static/thumbnails/" : "/lazy-static/previews/") + t->filename : "";
    const char* key = type == 1 ? "thumbnailPath" : "previewPath";
    if (t) {
      o[key] = path;
      o[type == 1 ? "thumbnailUrl" : "previewUrl"] = base + path;
      thumbs.push_back(json::object{{"width", t->width}, {"height", t->height}, {"aspectRatio", "16:9"},
                                    {"fileUrl", base + path}});
    } else {
      o[key] = nullptr;
    }
  }
  o["thumbnails"] = std::move(thumbs);
  o["embedPath"] = "/videos/embed/" + v.uuid;
  o["embedUrl"] = base + "/videos/embed/" + v.uuid;
  o["createdAt"] = iso8601(v.created_at);
  o["updatedAt"] = iso8601(v.updated_at);
  o["publishedAt"] = iso8601(v.published_at);
  if (v.originally_published_at) o["originallyPublishedAt"] = iso8601(*v.originally_published_at);
  else o["originallyPublishedAt"] = nullptr;

  if (v.channel) {
    if (opt.details) {
      o["channel"] = channel_json(*v.channel, base, host);
      o["channel"].as_object().erase("ownerAccount");
      if (v.channel->owner) o["account"] = account_json(*v.channel->owner, base, host);
    } else {
      o["channel"] = channel_summary_json(*v.channel, base, host);
      if (v.channel->owner) o["account"] = account_summary_json(*v.channel->owner, base, host);
    }
  }

  if (opt.details || opt.additional) {
    o["state"] = json::object{{"id", v.state}, {"label", video_state_label(v.state)}};
    o["waitTranscoding"] = v.wait_transcoding;
    if (v.schedule) {
      json::object su{{"updateAt", iso8601(v.schedule->first)}};
      if (v.schedule->second) su["privacy"] = *v.schedule->second;
      o["scheduledUpdate"] = std::move(su);
    } else {
      o["scheduledUpdate"] = nullptr;
    }
    o["blacklisted"] = v.blacklisted;
    if (v.blacklisted && !v.blacklisted_reason.empty()) o["blacklistedReason"] = v.blacklisted_reason;
    else o["blacklistedReason"] = nullptr;
  }
  if (opt.details) {
    if (v.support.empty()) o["support"] = nullptr;
    else o["support"] = v.support;
    o["descriptionPath"] = "/api/v1/videos/" + v.uuid + "/description";
    json::array tags;
    for (const auto& t : v.tags) tags.emplace_back(t);
    o["tags"] = std::move(tags);
    o["commentsEnabled"] = v.comments_policy != 2;
    o["commentsPolicy"] = json::object{{"id", v.comments_policy}, {"label", comments_policy_label(v.comments_policy)}};
    o["downloadEnabled"] = v.download_enabled;
    std::string ws = base;
    ws.replace(0, ws.find(':'), ws.starts_with("https") ? "wss" : "ws");
    o["trackerUrls"] = json::array{base + "/tracker/announce", ws + "/tracker/socket"};
    json::array files;
    for (const auto& f : v.files) files.push_back(video_file_json(ctx, v, f));
    o["files"] = std::move(files);
    json::array playlists;
    if (v.hls && !v.hls_files.empty()) {
      json::array hls_files;
      for (const auto& f : v.hls_files) hls_files.push_back(video_file_json(ctx, v, f));
      std::string dir = base + hls_url_dir(v);
      playlists.push_back(json::object{{"id", v.hls->id},
                                       {"type", 1},
                                       {"playlistUrl", dir + v.hls->playlist_filename},
                                       {"segmentsSha256Url", dir + v.hls->segments_sha256_filename},
                                       {"redundancies", json::array()},
                                       {"files", std::move(hls_files)}});
    }
    o["streamingPlaylists"] = std::move(playlists);
    if (v.input_file_updated_at) o["inputFileUpdatedAt"] = iso8601(*v.input_file_updated_at);
    else o["inputFileUpdatedAt"] = nullptr;
    o["pluginData"] = json::object();
  }
  return o;
}

}  // namespace vv::api
