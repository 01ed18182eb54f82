#include "web/page_meta.h"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include "api/video_views.h"
#include "core/api_error.h"
#include "core/ids.h"
#include "core/text.h"
#include "model/account.h"
#include "model/video.h"

namespace vv::web {

namespace json = boost::json;

std::string html_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

static std::string meta(const char* attr, const std::string& key, const std::string& value) {
  return std::string("<meta ") + attr + "=\"" + key + "\" content=\"" + html_escape(value) + "\" />\n";
}

// The first paragraph of a markdown description, plain enough for a card.
static std::string short_text(const std::string& s) {
  std::string out = s.substr(0, 300);
  for (auto& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  return out;
}

// A video anyone may watch through a link (public or unlisted, not blocked).
static std::optional<model::Video> shareable_video(soci::session& s, const std::string& id) {
  if (!is_id_or_uuid(id)) return std::nullopt;
  auto v = model::find_video(s, id);
  if (!v || v->blacklisted || (v->privacy != model::kPublic && v->privacy != model::kUnlisted)) return std::nullopt;
  if (v->state != model::kPublished && v->wait_transcoding) return std::nullopt;
  return v;
}

static std::string avatar_url(const api::ApiContext& ctx, const model::Actor& a) {
  if (a.avatars.empty()) return "";
  const auto* best = &a.avatars.front();
  for (const auto& im : a.avatars)
    if (im.width > best->width) best = &im;
  return best->file_url.empty() ? ctx.base_url() + "/lazy-static/avatars/" + best->filename : best->file_url;
}

static PageMeta video_meta(api::ApiContext& ctx, const model::Video& v) {
  const std::string& base = ctx.base_url();
  std::string watch = base + "/w/" + uuid_to_short(v.uuid);
  std::string embed = base + "/videos/embed/" + v.uuid;
  std::string preview;
  for (const auto& t : v.thumbnails)
    if (t.type == 2) preview = base + "/lazy-static/previews/" + t.filename;
  std::string description = short_text(v.description);
  PageMeta m;
  m.title = v.name;
  std::string& h = m.head;
  h += meta("name", "description", description);
  h += meta("property", "og:type", "video");
  h += meta("property", "og:site_name", ctx.cfg()->str("instance.name", "Vidiverse"));
  h += meta("property", "og:title", v.name);
  h += meta("property", "og:description", description);
  h += meta("property", "og:url", watch);
  if (!preview.empty()) {
    h += meta("property", "og:image", preview);
    h += meta("property", "og:image:width", "850");
    h += meta("property", "og:image:height", "480");
  }
  h += meta("property", "og:video:url", embed);
  h += meta("property", "og:video:secure_url", embed);
  h += meta("property", "og:video:type", "text/html");
  h += meta("property", "og:video:width", "1280");
  h += meta("property", "og:video:height", "720");
  h += meta("property", "twitter:card", "player");
  h += meta("property", "twitter:title", v.name);
  h += meta("property", "twitter:description", description);
  if (!preview.empty()) h += meta("property", "twitter:image", preview);
  h += meta("property", "twitter:player", embed);
  h += meta("property", "twitter:player:width", "1280");
  h += meta("property", "twitter:player:height", "720");
  if (v.privacy == model::kUnlisted) h += meta("name", "robots", "noindex");
  h += "<link rel=\"alternate\" type=\"application/json+oembed\" href=\"" +
       html_escape(base + "/services/oembed?url=" + percent_encode(watch)) + "\" title=\"" + html_escape(v.name) + "\" />\n";
  h += "<link rel=\"canonical\" href=\"" + html_escape(watch) + "\" />\n";
  return m;
}

static PageMeta actor_meta(api::ApiContext& ctx, const std::string& name, const std::string& description,
                           const std::string& url, const std::string& image) {
  PageMeta m;
  m.title = name;
  std::string text = short_text(description);
  m.head += meta("name", "description", text);
  m.head += meta("property", "og:type", "website");
  m.head += meta("property", "og:site_name", ctx.cfg()->str("instance.name", "Vidiverse"));
  m.head += meta("property", "og:title", name);
  m.head += meta("property", "og:description", text);
  m.head += meta("property", "og:url", url);
  if (!image.empty()) m.head += meta("property", "og:image", image);
  m.head += meta("property", "twitter:card", "summary");
  m.head += meta("property", "twitter:title", name);
  m.head += meta("property", "twitter:description", text);
  if (!image.empty()) m.head += meta("property", "twitter:image", image);
  m.head += "<link rel=\"canonical\" href=\"" + html_escape(url) + "\" />\n";
  return m;
}

std::optional<PageMeta> page_meta(api::ApiContext& ctx, const std::string& path) {
  auto after = [&](std::string_view prefix) -> std::optional<std::string> {
    if (!path.starts_with(prefix)) return std::nullopt;
    std::string rest = path.substr(prefix.size());
    if (rest.empty() || rest.find('/') != std::string::npos) return std::nullopt;
    return rest;
  };
  return ctx.db.read([&](soci::session& s) -> std::optional<PageMeta> {
    if (auto id = after("/w/"); id && !path.starts_with("/w/p/")) {
      if (auto v = shareable_video(s, *id)) return video_meta(ctx, *v);
      return std::nullopt;
    }
    if (auto id = after("/videos/watch/")) {
      if (auto v = shareable_video(s, *id)) return video_meta(ctx, *v);
      return std::nullopt;
    }
    if (auto handle = after("/c/")) {
      auto c = model::find_channel_by_handle(s, model::parse_handle(*handle, ctx.host()));
      if (!c) return std::nullopt;
      return actor_meta(ctx, c->display_name, c->description, ctx.base_url() + "/c/" + c->actor.preferred_username,
                        avatar_url(ctx, c->actor));
    }
    if (auto handle = after("/a/")) {
      auto a = model::find_account_by_handle(s, model::parse_handle(*handle, ctx.host()));
      if (!a) return std::nullopt;
      return actor_meta(ctx, a->display_name, a->description, ctx.base_url() + "/a/" + a->actor.preferred_username,
                        avatar_url(ctx, a->actor));
    }
    return std::nullopt;
  });
}

std::string render_index(const std::string& html, const PageMeta& m) {
  std::string out = html;
  std::string title = "<title>" + html_escape(m.title) + " - " + "Vidiverse</title>";
  if (auto a = out.find("<title>"); a != std::string::npos) {
    auto b = out.find("</title>", a);
    if (b != std::string::npos) out.replace(a, b + 8 - a, title);
  }
  if (auto h = out.find("</head>"); h != std::string::npos) out.insert(h, m.head);
  return out;
}

// GET /services/oembed?url=<watch URL>[&maxwidth&maxheight&format=json]
void register_oembed_route(http::Router& r, api::ApiContext& ctx) {
  r.get("/services/oembed", [&ctx](http::Request& req) {
    auto url = req.query_param("url");
    if (!url || url->empty()) throw ApiError(400, "Should have a valid url");
    if (auto f = req.query_param("format"); f && *f != "json") throw ApiError(501, "Only json format is supported");
    auto parsed = boost::urls::parse_uri(*url);
    if (!parsed || parsed->host() + (parsed->has_port() ? ":" + std::string(parsed->port()) : "") != ctx.host())
      throw ApiError(400, "Should have a valid url of this instance");
    std::string path = parsed->path();
    std::string id;
    for (std::string_view p : {"/w/", "/videos/watch/"})
      if (path.starts_with(p) && !path.starts_with("/w/p/")) id = path.substr(p.size());
    if (id.empty() || id.find('/') != std::string::npos) throw ApiError(400, "Should have a valid video url");
    int maxw = 560, maxh = 315;
    try {
      if (auto w = req.query_param("maxwidth")) maxw = std::max(1, std::min(maxw, std::stoi(*w)));
      if (auto h = req.query_param("maxheight")) maxh = std::max(1, std::min(maxh, std::stoi(*h)));
    } catch (const std::exception&) {
      throw ApiError(400, "Should have valid maxwidth and maxheight");
    }
    return ctx.db.read([&](soci::session& s) {
      auto v = shareable_video(s, id);
      if (!v) throw ApiError(404, "Video not found");
      const std::string& base = ctx.base_url();
      std::string embed = base + "/videos/embed/" + v->uuid;
      json::object o{{"type", "video"},
                     {"version", "1.0"},
                     {"html", "<iframe width=\"" + std::to_string(maxw) + "\" height=\"" + std::to_string(maxh) +
                                  "\" sandbox=\"allow-same-origin allow-scripts allow-popups allow-forms\" title=\"" +
                                  html_escape(v->name) + "\" src=\"" + embed +
                                  "\" style=\"border: 0px;\" allow=\"fullscreen\"></iframe>"},
                     {"width", maxw},
                     {"height", maxh},
                     {"title", v->name},
                     {"provider_name", ctx.cfg()->str("instance.name", "Vidiverse")},
                     {"provider_url", base}};
      if (v->channel) {
        o["author_name"] = v->channel->display_name;
        o["author_url"] = base + "/c/" + v->channel->actor.preferred_username;
      }
      for (const auto& t : v->thumbnails)
        if (t.type == 2) {
          o["thumbnail_url"] = base + "/lazy-static/previews/" + t.filename;
          o["thumbnail_width"] = t.width;
          o["thumbnail_height"] = t.height;
        }
      return http::Response::json(o);
    });
  });
}

}  // namespace vv::web
