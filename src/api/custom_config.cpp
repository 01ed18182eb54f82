#include "api/custom_config.h"

#include <optional>

#include <boost/json.hpp>

#include "api/validate.h"
#include "core/api_error.h"

namespace vv::api {

namespace json = boost::json;

// Leaf types: s string, b bool, i integer, z byte size (YAML may say "10GB"),
// d duration in ms (YAML may say "2 days"), as string array, ai integer array.
static const char* const kShape = R"({
  "instance": {"name":"s","shortDescription":"s","description":"s","terms":"s","codeOfConduct":"s",
    "creationReason":"s","moderationInformation":"s","administrator":"s","maintenanceLifetime":"s",
    "businessModel":"s","hardwareInformation":"s","defaultLanguage":"s","languages":"as","categories":"ai",
    "isNSFW":"b","defaultNSFWPolicy":"s","serverCountry":"s","support":{"text":"s"},
    "social":{"externalLink":"s","mastodonLink":"s","blueskyLink":"s","xLink":"s"},
    "defaultClientRoute":"s","customizations":{"javascript":"s","css":"s"}},
  "theme": {"default":"s","customization":{"primaryColor":"s","onPrimaryColor":"s","foregroundColor":"s",
    "backgroundColor":"s","backgroundSecondaryColor":"s","menuForegroundColor":"s","menuBackgroundColor":"s",
    "menuBorderRadius":"s","headerForegroundColor":"s","headerBackgroundColor":"s","inputBorderRadius":"s"}},
  "services": {"twitter":{"username":"s"}},
  "client": {"header":{"hideInstanceName":"b"},"videos":{"miniature":{"preferAuthorDisplayName":"b"}},
    "browseVideos":{"defaultSort":"s","defaultScope":"s"},
    "menu":{"login":{"redirectOnSingleExternalAuth":"b"}}},
  "signup": {"enabled":"b","limit":"i","requiresApproval":"b","requiresEmailVerification":"b","minimumAge":"i"},
  "admin": {"email":"s"},
  "email": {"body":{"signature":"s"},"subject":{"prefix":"s"}},
  "contactForm": {"enabled":"b"},
  "user": {"history":{"videos":{"enabled":"b"}},"videoQuota":"z","videoQuotaDaily":"z","defaultChannelName":"s"},
  "videoChannels": {"maxPerUser":"i"},
  "transcoding": {"enabled":"b","originalFile":{"keep":"b"},"allowAdditionalExtensions":"b","allowAudioFiles":"b",
    "remoteRunners":{"enabled":"b"},"threads":"i","concurrency":"i","profile":"s",
    "resolutions":{"0p":"b","144p":"b","240p":"b","360p":"b","480p":"b","720p":"b","1080p":"b","1440p":"b","2160p":"b"},
    "alwaysTranscodeOriginalResolution":"b","alwaysTranscodePodcastOptimizedAudio":"b","fps":{"max":"i"},
    "webVideos":{"enabled":"b"},"hls":{"enabled":"b","splitAudioAndVideo":"b"}},
  "live": {"enabled":"b","allowReplay":"b","latencySetting":{"enabled":"b"},"maxDuration":"d",
    "maxInstanceLives":"i","maxUserLives":"i",
    "transcoding":{"enabled":"b","remoteRunners":{"enabled":"b"},"threads":"i","profile":"s",
      "resolutions":{"0p":"b","144p":"b","240p":"b","360p":"b","480p":"b","720p":"b","1080p":"b","1440p":"b","2160p":"b"},
      "alwaysTranscodeOriginalResolution":"b","fps":{"max":"i"}}},
  "videoStudio": {"enabled":"b","remoteRunners":{"enabled":"b"}},
  "videoTranscription": {"enabled":"b","remoteRunners":{"enabled":"b"}},
  "videoFile": {"update":{"enabled":"b"}},
  "import": {"videos":{"concurrency":"i","http":{"enabled":"b"},"torrent":{"enabled":"b"}},
    "videoChannelSynchronization":{"enabled":"b","maxPerUser":"i"},"users":{"enabled":"b"}},
  "export": {"users":{"enabled":"b","maxUserVideoQuota":"z","exportExpiration":"d"}},
  "trending": {"videos":{"algorithms":{"enabled":"as","default":"s"}}},
  "autoBlacklist": {"videos":{"ofUsers":{"enabled":"b"}}},
  "followers": {"instance":{"enabled":"b","manualApproval":"b"},"channels":{"enabled":"b"}},
  "followings": {"instance":{"autoFollowBack":{"enabled":"b"},"autoFollowIndex":{"enabled":"b","indexUrl":"s"}}},
  "broadcastMessage": {"enabled":"b","message":"s","level":"s","dismissable":"b"},
  "search": {"remoteUri":{"users":"b","anonymous":"b"},
    "searchIndex":{"enabled":"b","url":"s","disableLocalSearch":"b","isDefaultSearch":"b"}},
  "storyboards": {"enabled":"b","remoteRunners":{"enabled":"b"}},
  "defaults": {"publish":{"downloadEnabled":"b","commentsPolicy":"i","privacy":"i","licence":"i?"},
    "p2p":{"webapp":{"enabled":"b"},"embed":{"enabled":"b"}},"player":{"theme":"s","autoPlay":"b"}},
  "videoComments": {"acceptRemoteComments":"b"}
})";

static const json::object& shape() {
  static const json::object s = json::parse(kShape).as_object();
  return s;
}

std::string camel_to_snake(std::string_view c) {
  std::string out;
  auto upper = [](char ch) { return ch >= 'A' && ch <= 'Z'; };
  auto lower = [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'); };
  for (size_t i = 0; i < c.size(); ++i) {
    char ch = c[i];
    if (upper(ch)) {
      bool prev_lower = i > 0 && lower(c[i - 1]);
      bool acronym_end = i > 0 && upper(c[i - 1]) && i + 1 < c.size() && lower(c[i + 1]);
      if (prev_lower || acronym_end) out.push_back('_');
      out.push_back(static_cast<char>(ch - 'A' + 'a'));
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

static json::value read_leaf(const Config& cfg, const std::string& path, std::string_view type) {
  if (type == "s") return json::value(cfg.str(path));
  if (type == "b") return json::value(cfg.boolean(path));
  if (type == "i") return json::value(cfg.integer(path));
  if (type == "i?") {
    if (!cfg.has(path)) return nullptr;
    return json::value(cfg.integer(path));
  }
  if (type == "z") return json::value(cfg.bytes(path, -1));
  if (type == "d") return json::value(cfg.duration_ms(path, -1));
  json::array arr;
  YAML::Node n = cfg.node(path);
  if (n.IsSequence())
    for (const auto& item : n) {
      try {
        if (type == "ai") arr.emplace_back(item.as<int64_t>());
        else arr.emplace_back(item.as<std::string>());
      } catch (const YAML::Exception&) {
      }
    }
  return arr;
}

static void build(const Config& cfg, const json::object& sh, const std::string& prefix, json::object& out) {
  for (const auto& kv : sh) {
    std::string path = prefix + (prefix.empty() ? "" : ".") + camel_to_snake(kv.key());
    if (kv.value().is_object()) {
      json::object child;
      build(cfg, kv.value().as_object(), path, child);
      out[kv.key()] = std::move(child);
    } else {
      out[kv.key()] = read_leaf(cfg, path, kv.value().as_string());
    }
  }
}

json::object custom_config_json(const Config& cfg) {
  json::object out;
  build(cfg, shape(), "", out);
  return out;
}

static void overlay_from(const json::object& body, const json::object& sh, const std::string& prefix, YAML::Node out) {
  for (const auto& kv : sh) {
    std::string field = prefix + (prefix.empty() ? "" : ".") + std::string(kv.key());
    auto it = body.find(kv.key());
    if (it == body.end()) continue;
    const json::value& v = it->value();
    std::string yaml_key = camel_to_snake(kv.key());
    if (kv.value().is_object()) {
      if (!v.is_object()) throw invalid_param(field, "Should be an object");
      YAML::Node child(YAML::NodeType::Map);
      overlay_from(v.as_object(), kv.value().as_object(), field, child);
      out[yaml_key] = child;
      continue;
    }
    std::string_view type = kv.value().as_string();
    if (type == "s") {
      if (v.is_null()) {
        out[yaml_key] = "";
        continue;
      }
      if (!v.is_string() || v.as_string().size() > 100'000) throw invalid_param(field, "Should be a string");
      out[yaml_key] = std::string(v.as_string());
    } else if (type == "b") {
      if (!v.is_bool()) throw invalid_param(field, "Should be a boolean");
      out[yaml_key] = v.as_bool();
    } else if (type == "i" || type == "z" || type == "d" || type == "i?") {
      if (v.is_null() && type == "i?") {
        out[yaml_key] = YAML::Node(YAML::NodeType::Null);
        continue;
      }
      if (!v.is_int64() && !v.is_uint64() && !(v.is_double() && v.as_double() == static_cast<int64_t>(v.as_double())))
        throw invalid_param(field, "Should be an integer");
      int64_t n = v.is_int64() ? v.as_int64() : v.is_uint64() ? static_cast<int64_t>(v.as_uint64()) : static_cast<int64_t>(v.as_double());
      if (n < -1) throw invalid_param(field, "Should be -1 or more");
      out[yaml_key] = n;
    } else {  // arrays
      if (!v.is_array() || v.as_array().size() > 1000) throw invalid_param(field, "Should be an array");
      YAML::Node seq(YAML::NodeType::Sequence);
      for (const auto& item : v.as_array()) {
        if (type == "ai") {
          if (!item.is_int64() && !item.is_uint64()) throw invalid_param(field, "Should be an array of integers");
          seq.push_back(item.is_int64() ? item.as_int64() : static_cast<int64_t>(item.as_uint64()));
        } else {
          if (!item.is_string()) throw invalid_param(field, "Should be an array of strings");
          seq.push_back(std::string(item.as_string()));
        }
      }
      out[yaml_key] = seq;
    }
  }
}

// Fields PeerTube 7.0 requires in a PUT (its OpenAPI ServerConfigCustom);
// newer fields may be absent so that older clients keep working.
static const char* const kRequired[] = {
    "admin.email", "autoBlacklist.videos.ofUsers.enabled", "contactForm.enabled", "followers.instance.enabled",
    "followers.instance.manualApproval", "import.videos.http.enabled", "import.videos.torrent.enabled",
    "instance.customizations.css", "instance.customizations.javascript", "instance.defaultClientRoute",
    "instance.defaultNSFWPolicy", "instance.description", "instance.isNSFW", "instance.name",
    "instance.shortDescription", "instance.terms", "services.twitter.username", "signup.enabled", "signup.limit",
    "signup.requiresEmailVerification", "theme.default", "transcoding.allowAdditionalExtensions",
    "transcoding.allowAudioFiles", "transcoding.concurrency", "transcoding.enabled", "transcoding.hls.enabled",
    "transcoding.originalFile.keep", "transcoding.profile", "transcoding.resolutions.0p",
    "transcoding.resolutions.144p", "transcoding.resolutions.240p", "transcoding.resolutions.360p",
    "transcoding.resolutions.480p", "transcoding.resolutions.720p", "transcoding.resolutions.1080p",
    "transcoding.resolutions.1440p", "transcoding.resolutions.2160p", "transcoding.threads", "user.videoQuota",
    "user.videoQuotaDaily",
};

static bool has_path(const json::object& body, std::string_view path) {
  const json::object* cur = &body;
  while (true) {
    auto dot = path.find('.');
    auto it = cur->find(path.substr(0, dot));
    if (it == cur->end()) return false;
    if (dot == std::string_view::npos) return true;
    if (!it->value().is_object()) return false;
    cur = &it->value().as_object();
    path.remove_prefix(dot + 1);
  }
}

YAML::Node custom_config_overlay(const json::object& body) {
  ApiError missing(400, "Incorrect request parameters");
  for (const char* field : kRequired)
    if (!has_path(body, field))
      missing.invalid[field] = json::object{{"msg", "Should be present"}, {"param", field}, {"location", "body"}};
  if (!missing.invalid.empty()) {
    std::string names;
    for (const auto& kv : missing.invalid) names += (names.empty() ? "" : ", ") + std::string(kv.key());
    throw ApiError(std::move(missing).with_detail("Incorrect request parameters: " + names));
  }
  YAML::Node out(YAML::NodeType::Map);
  overlay_from(body, shape(), "", out);
  // Checks PeerTube makes on the whole configuration.
  auto leaf = [&out](const char* a, const char* b) -> std::optional<std::string> {
    const YAML::Node& c = out;  // const: operator[] must not insert keys
    YAML::Node first = c[a];
    if (!first.IsDefined() || !first.IsMap()) return std::nullopt;
    const YAML::Node& cf = first;
    YAML::Node second = cf[b];
    if (!second.IsDefined() || !second.IsScalar()) return std::nullopt;
    return second.as<std::string>();
  };
  if (auto v = leaf("instance", "default_nsfw_policy"); v && *v != "display" && *v != "blur" && *v != "do_not_list")
    throw invalid_param("instance.defaultNSFWPolicy", "Should have a valid NSFW policy");
  if (auto v = leaf("admin", "email"); v && !valid_email(*v))
    throw invalid_param("admin.email", "Should have a valid email");
  if (auto v = leaf("broadcast_message", "level"); v && *v != "info" && *v != "warning" && *v != "error")
    throw invalid_param("broadcastMessage.level", "Should have a valid level");
  return out;
}

}  // namespace vv::api
