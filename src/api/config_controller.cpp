// /api/v1/config (public ServerConfig), /config/about, /config/custom (admin).
//
// GET /api/v1/config is the hottest route (every page load): its body is
// built once per (configuration generation, signup still open) and kept;
// anonymous requests are also answered from the server's response cache.
#include <boost/json.hpp>

#include "api/auth.h"
#include "api/custom_config.h"
#include "api/routes.h"
#include "api/validate.h"
#include "core/api_error.h"
#include "model/custom_config.h"
#include "model/user.h"

namespace vv::api {

namespace json = boost::json;

static json::array enabled_resolutions(const Config& cfg, const std::string& prefix) {
  json::array out;
  for (int r : {0, 144, 240, 360, 480, 720, 1080, 1440, 2160})
    if (cfg.boolean(prefix + ".resolutions." + std::to_string(r) + "p")) out.push_back(r);
  return out;
}

static json::object file_constraints(std::initializer_list<const char*> exts, int64_t max) {
  json::array e;
  for (auto* x : exts) e.emplace_back(x);
  return json::object{{"size", json::object{{"max", max}}}, {"extensions", std::move(e)}};
}

static json::object server_config_json(const Config& cfg, bool signup_allowed) {
  json::object custom = custom_config_json(cfg);
  auto& inst = custom["instance"].as_object();
  json::object instance{
      {"name", inst["name"]},
      {"shortDescription", inst["shortDescription"]},
      {"isNSFW", inst["isNSFW"]},
      {"defaultNSFWPolicy", inst["defaultNSFWPolicy"]},
      {"serverCountry", inst["serverCountry"]},
      {"support", inst["support"]},
      {"social", inst["social"]},
      {"defaultClientRoute", inst["defaultClientRoute"]},
      {"customizations", inst["customizations"]},
      {"avatars", json::array()},
      {"banners", json::array()},
      {"defaultLanguage", inst["defaultLanguage"]},
      {"logo", json::array()},
  };
  auto& client = custom["client"].as_object();
  client["newFeaturesInfo"] = true;
  client["videos"].as_object()["resumableUpload"] =
      json::object{{"maxChunkSize", cfg.bytes("client.videos.resumable_upload.max_chunk_size", 100 << 20)}};
  client["openInApp"] = json::object{
      {"android", json::object{{"intent", json::object{{"enabled", cfg.boolean("client.open_in_app.android.intent.enabled")},
                                                         {"host", cfg.str("client.open_in_app.android.intent.host")},
                                                         {"scheme", cfg.str("client.open_in_app.android.intent.scheme")},
                                                         {"fallbackUrl", cfg.str("client.open_in_app.android.intent.fallback_url")}}}}},
      {"ios", json::object{{"enabled", cfg.boolean("client.open_in_app.ios.enabled")},
                           {"host", cfg.str("client.open_in_app.ios.host")},
                           {"scheme", cfg.str("client.open_in_app.ios.scheme")},
                           {"fallbackUrl", cfg.str("client.open_in_app.ios.fallback_url")}}}};

  auto& tr = custom["transcoding"].as_object();
  auto& live = custom["live"].as_object();
  auto& live_tr = live["transcoding"].as_object();
  const int64_t image_max = 4 * 1024 * 1024;

  json::object o;
  o["serverVersion"] = "7.0.0";
  o["serverCommit"] = "vidiverse-" VIDIVERSE_VERSION;
  o["client"] = client;
  o["defaults"] = custom["defaults"];
  o["webadmin"] = json::object{
      {"configuration", json::object{{"edition", json::object{{"allowed", cfg.boolean("webadmin.configuration.edition.allowed", true)}}}}}};
  o["instance"] = std::move(instance);
  o["search"] = custom["search"];
  o["plugin"] = json::object{{"registered", json::array()},
                             {"registeredExternalAuths", json::array()},
                             {"registeredIdAndPassAuths", json::array()}};
  json::object theme = custom["theme"].as_object();
  theme["registered"] = json::array();
  theme["builtIn"] = json::array{json::object{{"name", "peertube-core-light-beige"}},
                                 json::object{{"name", "peertube-core-dark-brown"}}};
  o["theme"] = std::move(theme);
  o["email"] = json::object{{"enabled", cfg.has("smtp.hostname")}};
  o["contactForm"] = custom["contactForm"];
  o["signup"] = json::object{{"allowed", signup_allowed},
                             {"allowedForCurrentIP", signup_allowed},
                             {"requiresEmailVerification", cfg.boolean("signup.requires_email_verification")},
                             {"requiresApproval", cfg.boolean("signup.requires_approval")},
                             {"minimumAge", cfg.integer("signup.minimum_age", 16)}};
  o["transcoding"] = json::object{{"hls", tr["hls"]},
                                  {"web_videos", tr["webVideos"]},
                                  {"enabledResolutions", enabled_resolutions(cfg, "transcoding")},
                                  {"profile", tr["profile"]},
                                  {"availableProfiles", json::array{"default"}},
                                  {"remoteRunners", tr["remoteRunners"]}};
  o["live"] = json::object{{"enabled", live["enabled"]},
                           {"allowReplay", live["allowReplay"]},
                           {"latencySetting", live["latencySetting"]},
                           {"maxDuration", live["maxDuration"]},
                           {"maxInstanceLives", live["maxInstanceLives"]},
                           {"maxUserLives", live["maxUserLives"]},
                           {"transcoding", json::object{{"enabled", live_tr["enabled"]},
                                                        {"remoteRunners", live_tr["remoteRunners"]},
                                                        {"enabledResolutions", enabled_resolutions(cfg, "live.transcoding")},
                                                        {"profile", live_tr["profile"]},
                                                        {"availableProfiles", json::array{"default"}}}},
                           {"rtmp", json::object{{"port", cfg.integer("live.rtmp.port", 1935)}}}};
  o["videoStudio"] = custom["videoStudio"];
  o["videoFile"] = custom["videoFile"];
  json::object import = custom["import"].as_object();
  import["videos"].as_object().erase("concurrency");
  import["videoChannelSynchronization"].as_object().erase("maxPerUser");
  o["import"] = std::move(import);
  o["export"] = custom["export"];
  o["autoBlacklist"] = custom["autoBlacklist"];
  o["avatar"] = json::object{{"file", file_constraints({".png", ".jpeg", ".jpg", ".gif", ".webp"}, image_max)}};
  o["banner"] = json::object{{"file", file_constraints({".png", ".jpeg", ".jpg", ".gif", ".webp"}, image_max)}};
  o["logo"] = json::object{{"file", file_constraints({".png", ".jpeg", ".jpg", ".gif", ".webp"}, image_max)}};
  o["video"] = json::object{
      {"image", file_constraints({".png", ".jpg", ".jpeg", ".webp"}, image_max)},
      {"file", json::object{{"extensions", json::array{".webm", ".ogv", ".ogg", ".mp4", ".mkv", ".mov", ".qt", ".mqv",
                                                       ".m4v", ".flv", ".f4v", ".wmv", ".avi", ".3gp", ".3gpp",
                                                       ".3g2", ".3gpp2", ".nut", ".mts", ".m2ts", ".mpv", ".m2v",
                                                       ".m1v", ".mpg", ".mpe", ".mpeg", ".vob", ".mxf", ".mp3",
                                                       ".wma", ".wav", ".flac", ".aac", ".m4a", ".ac3"}}}}};
  o["videoCaption"] = json::object{{"file", file_constraints({".vtt", ".srt"}, 20 * 1024 * 1024)}};
  o["user"] = json::object{{"videoQuota", cfg.bytes("user.video_quota", -1)},
                           {"videoQuotaDaily", cfg.bytes("user.video_quota_daily", -1)}};
  o["videoChannels"] = custom["videoChannels"];
  o["trending"] = json::object{
      {"videos", json::object{{"intervalDays", cfg.integer("trending.videos.interval_days", 7)},
                              {"algorithms", custom["trending"].as_object()["videos"].as_object()["algorithms"]}}}};
  o["tracker"] = json::object{{"enabled", cfg.boolean("tracker.enabled", false)}};
  o["followings"] = json::object{
      {"instance", json::object{{"autoFollowIndex", json::object{{"indexUrl", cfg.str("followings.instance.auto_follow_index.index_url")}}}}}};
  o["federation"] = json::object{{"enabled", cfg.boolean("federation.enabled", true)}};
  o["broadcastMessage"] = custom["broadcastMessage"];
  o["homepage"] = json::object{{"enabled", cfg.boolean("homepage.enabled")}};
  o["openTelemetry"] = json::object{
      {"metrics", json::object{{"enabled", cfg.boolean("open_telemetry.metrics.enabled")},
                               {"playbackStatsInterval", cfg.duration_ms("open_telemetry.metrics.playback_stats_interval", 15000)}}}};
  o["views"] = json::object{
      {"videos", json::object{{"remote", json::object{{"maxAge", cfg.duration_ms("views.videos.remote.max_age", 30 * 86'400'000LL)}}},
                              {"local", json::object{{"maxAge", -1}}},
                              {"watchingInterval", json::object{{"anonymous", cfg.duration_ms("views.videos.watching_interval.anonymous", 5000)},
                                                                {"users", cfg.duration_ms("views.videos.watching_interval.users", 5000)}}}}}};
  o["storyboards"] = custom["storyboards"];
  o["videoTranscription"] = custom["videoTranscription"];
  json::array stun;
  for (const auto& s : cfg.node("webrtc.stun_servers"))
    stun.emplace_back(s.as<std::string>());
  o["webrtc"] = json::object{{"stunServers", std::move(stun)}};
  o["nsfwFlagsSettings"] = json::object{{"enabled", true}};
  return o;
}

// Cached serialised body, rebuilt when the configuration generation or the
// signup state changes.
struct ConfigCache {
  std::mutex mutex;
  uint64_t generation = UINT64_MAX;
  bool signup_allowed = false;
  std::shared_ptr<const std::string> body;
};

// Signup is open while enabled and the user count is under signup.limit.
static bool signup_allowed(ApiContext& ctx, const Config& cfg) {
  if (!cfg.boolean("signup.enabled")) return false;
  int64_t limit = cfg.integer("signup.limit", -1);
  if (limit < 0) return true;
  return ctx.db.read([](soci::session& s) { return model::count_users(s); }) < limit;
}

void register_config_routes(http::Router& r, ApiContext& ctx) {
  auto cache = std::make_shared<ConfigCache>();
  r.get("/api/v1/config", [&ctx, cache](http::Request&) {
    uint64_t generation = ctx.config.generation();  // before the snapshot: a race only causes a rebuild
    auto cfg = ctx.cfg();
    bool allowed = signup_allowed(ctx, *cfg);
    std::shared_ptr<const std::string> body;
    {
      std::lock_guard lock(cache->mutex);
      if (cache->generation != generation || cache->signup_allowed != allowed || !cache->body) {
        cache->generation = generation;
        cache->signup_allowed = allowed;
        cache->body = std::make_shared<std::string>(json::serialize(server_config_json(*cfg, allowed)));
      }
      body = cache->body;
    }
    http::Response res;
    res.body = *body;
    res.set_header("content-type", "application/json; charset=utf-8");
    return res;
  }, {.cache_anonymous = true});

  r.get("/api/v1/config/about", [&ctx](http::Request&) {
    auto cfg = ctx.cfg();
    json::object inst = custom_config_json(*cfg)["instance"].as_object();
    json::object about{{"name", inst["name"]},
                       {"shortDescription", inst["shortDescription"]},
                       {"description", inst["description"]},
                       {"terms", inst["terms"]},
                       {"codeOfConduct", inst["codeOfConduct"]},
                       {"hardwareInformation", inst["hardwareInformation"]},
                       {"creationReason", inst["creationReason"]},
                       {"moderationInformation", inst["moderationInformation"]},
                       {"administrator", inst["administrator"]},
                       {"maintenanceLifetime", inst["maintenanceLifetime"]},
                       {"businessModel", inst["businessModel"]},
                       {"languages", inst["languages"]},
                       {"categories", inst["categories"]},
                       {"avatars", json::array()},
                       {"banners", json::array()}};
    return http::Response::json(json::object{{"instance", std::move(about)}});
  }, {.run_inline = true});

  r.get("/api/v1/config/custom", [&ctx](http::Request& req) {
    require_right(ctx, req, Right::manage_configuration);
    return http::Response::json(custom_config_json(*ctx.cfg()));
  });

  r.put("/api/v1/config/custom", [&ctx](http::Request& req) {
    require_right(ctx, req, Right::manage_configuration);
    if (!ctx.cfg()->boolean("webadmin.configuration.edition.allowed", true))
      throw ApiError(405, "Server configuration is static and cannot be edited");
    json::object body = body_object(req);
    YAML::Node overlay = custom_config_overlay(body);
    // Merge over the overlay already stored, so a partial body keeps the rest.
    std::string yaml = ctx.db.write([&](soci::session& s) {
      YAML::Node merged = overlay;
      if (auto old = model::load_custom_config(s)) merged = merge_yaml(YAML::Load(*old), overlay);
      YAML::Emitter em;
      em << merged;
      std::string text = em.c_str();
      model::save_custom_config(s, text);
      return text;
    });
    ctx.config.apply_overlay(YAML::Load(yaml));
    return http::Response::json(custom_config_json(*ctx.cfg()));
  }, {.body_limit = 1024 * 1024});

  r.del("/api/v1/config/custom", [&ctx](http::Request& req) {
    require_right(ctx, req, Right::manage_configuration);
    if (!ctx.cfg()->boolean("webadmin.configuration.edition.allowed", true))
      throw ApiError(405, "Server configuration is static and cannot be edited");
    ctx.db.write([](soci::session& s) { model::delete_custom_config(s); });
    ctx.config.apply_overlay(YAML::Node());
    return http::Response::json(custom_config_json(*ctx.cfg()));
  });
}

}  // namespace vv::api
