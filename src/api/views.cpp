#include "api/views.h"

#include <boost/json.hpp>

#include "core/clock.h"

namespace vv::api {

namespace json = boost::json;

json::array images_json(const std::vector<model::ActorImage>& images, const std::string& base_url) {
  json::array out;
  for (const auto& im : images) {
    std::string path = "/lazy-static/" + std::string(im.type == 2 ? "banners/" : "avatars/") + im.filename;
    out.push_back(json::object{{"width", im.width},
                               {"height", im.height},
                               {"path", path},
                               {"fileUrl", im.file_url.empty() ? base_url + path : im.file_url},
                               {"createdAt", iso8601(im.created_at)},
                               {"updatedAt", iso8601(im.updated_at)}});
  }
  return out;
}

static void actor_fields(json::object& o, const model::Actor& a, const std::string& base_url, const std::string& local_host) {
  o["url"] = a.url;
  o["name"] = a.preferred_username;
  o["host"] = a.host.value_or(local_host);
  o["hostRedundancyAllowed"] = false;
  o["followingCount"] = a.following_count;
  o["followersCount"] = a.followers_count;
  o["createdAt"] = iso8601(a.created_at);
  o["avatars"] = images_json(a.avatars, base_url);
  // Clients before PeerTube 6 read the single `avatar`.
  if (a.avatars.empty()) o["avatar"] = nullptr;
  else o["avatar"] = images_json({a.avatars.back()}, base_url).at(0);
}

json::object account_json(const model::Account& a, const std::string& base_url, const std::string& local_host) {
  json::object o;
  o["id"] = a.id;
  actor_fields(o, a.actor, base_url, local_host);
  o["displayName"] = a.display_name;
  if (a.description.empty()) o["description"] = nullptr;
  else o["description"] = a.description;
  o["updatedAt"] = iso8601(std::max(a.updated_at, a.actor.updated_at));
  if (a.user_id) o["userId"] = *a.user_id;
  return o;
}

json::object account_summary_json(const model::Account& a, const std::string& base_url, const std::string& local_host) {
  return json::object{{"id", a.id},
                      {"name", a.actor.preferred_username},
                      {"displayName", a.display_name},
                      {"url", a.actor.url},
                      {"host", a.actor.host.value_or(local_host)},
                      {"avatars", images_json(a.actor.avatars, base_url)}};
}

json::object channel_json(const model::Channel& c, const std::string& base_url, const std::string& local_host) {
  json::object o;
  o["id"] = c.id;
  actor_fields(o, c.actor, base_url, local_host);
  o["displayName"] = c.display_name;
  if (c.description.empty()) o["description"] = nullptr;
  else o["description"] = c.description;
  if (c.support.empty()) o["support"] = nullptr;
  else o["support"] = c.support;
  o["isLocal"] = !c.actor.host.has_value();
  o["updatedAt"] = iso8601(std::max(c.updated_at, c.actor.updated_at));
  o["banners"] = images_json(c.actor.banners, base_url);
  if (c.owner) o["ownerAccount"] = account_json(*c.owner, base_url, local_host);
  return o;
}

json::object channel_summary_json(const model::Channel& c, const std::string& base_url, const std::string& local_host) {
  return json::object{{"id", c.id},
                      {"name", c.actor.preferred_username},
                      {"displayName", c.display_name},
                      {"url", c.actor.url},
                      {"host", c.actor.host.value_or(local_host)},
                      {"avatars", images_json(c.actor.avatars, base_url)}};
}

json::object user_json(const model::User& u, const model::Account& account, const std::vector<model::Channel>& channels,
                       const std::string& base_url, const std::string& local_host, bool me) {
  json::object o;
  o["id"] = u.id;
  o["username"] = u.username;
  o["email"] = u.email;
  if (u.pending_email) o["pendingEmail"] = *u.pending_email;
  else o["pendingEmail"] = nullptr;
  o["emailVerified"] = u.email_verified.value_or(false);
  o["emailPublic"] = u.email_public;
  o["nsfwPolicy"] = u.nsfw_policy;
  o["nsfwFlagsDisplayed"] = 0;
  o["nsfwFlagsHidden"] = 0;
  o["nsfwFlagsWarned"] = 0;
  o["nsfwFlagsBlurred"] = 0;
  o["adminFlags"] = u.admin_flags;
  o["autoPlayVideo"] = u.auto_play_video;
  o["autoPlayNextVideo"] = u.auto_play_next_video;
  o["autoPlayNextVideoPlaylist"] = u.auto_play_next_video_playlist;
  o["p2pEnabled"] = u.p2p_enabled;
  o["videosHistoryEnabled"] = u.videos_history_enabled;
  if (u.video_languages) {
    json::array langs;
    for (const auto& l : *u.video_languages) langs.emplace_back(l);
    o["videoLanguages"] = std::move(langs);
  } else {
    o["videoLanguages"] = nullptr;
  }
  if (u.language.empty()) o["language"] = nullptr;
  else o["language"] = u.language;
  o["role"] = json::object{{"id", u.role}, {"label", model::role_label(u.role)}};
  o["videoQuota"] = u.video_quota;
  o["videoQuotaDaily"] = u.video_quota_daily;
  o["theme"] = u.theme;
  o["account"] = account_json(account, base_url, local_host);
  json::array chans;
  for (const auto& c : channels) {
    json::object cj = channel_json(c, base_url, local_host);
    cj.erase("ownerAccount");
    cj["ownerAccountId"] = c.account_id;
    chans.push_back(std::move(cj));
  }
  o["videoChannels"] = std::move(chans);
  o["blocked"] = u.blocked;
  if (u.blocked_reason) o["blockedReason"] = *u.blocked_reason;
  else o["blockedReason"] = nullptr;
  o["noInstanceConfigWarningModal"] = u.no_instance_config_warning_modal;
  o["noWelcomeModal"] = u.no_welcome_modal;
  o["noAccountSetupWarningModal"] = u.no_account_setup_warning_modal;
  o["createdAt"] = iso8601(u.created_at);
  o["pluginAuth"] = nullptr;
  if (u.last_login_date) o["lastLoginDate"] = iso8601(*u.last_login_date);
  else o["lastLoginDate"] = nullptr;
  o["twoFactorEnabled"] = false;
  o["newFeaturesInfoRead"] = 0;
  if (me) {
    o["specialPlaylists"] = json::array();
    o["videoChannelCollaborations"] = json::array();
  }
  return o;
}

json::object list_json(int64_t total, json::array data) {
  return json::object{{"total", total}, {"data", std::move(data)}};
}

}  // namespace vv::api
