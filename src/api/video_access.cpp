#include "api/video_access.h"

#include <mutex>

#include <boost/json.hpp>
#include <unordered_map>

#include "api/auth.h"
#include "core/api_error.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/ids.h"

namespace vv::api {

model::Video require_video(soci::session& s, const std::string& key) {
  if (!is_id_or_uuid(key))
    throw invalid_param("id", "Should have a valid video id (id, uuid or short uuid)", "params", boost::json::value(key));
  auto v = model::find_video(s, key);
  if (!v) throw ApiError(404, "Video not found");
  return std::move(*v);
}

bool is_video_owner(const model::Video& v, const std::optional<model::User>& user) {
  return user && v.channel && v.channel->owner && v.channel->owner->user_id && *v.channel->owner->user_id == user->id;
}

bool can_manage_video(const model::Video& v, const std::optional<model::User>& user) {
  return is_video_owner(v, user) || (user && has_right(user->role, Right::update_any_video));
}

void check_can_view(ApiContext& ctx, soci::session& s, const model::Video& v, const std::optional<model::User>& user,
                    const http::Request& req) {
  bool privileged = is_video_owner(v, user) || (user && has_right(user->role, Right::see_all_videos));
  if (v.blacklisted && !(is_video_owner(v, user) || (user && has_right(user->role, Right::manage_video_blacklist)))) {
    if (!user) throw ApiError(401, "Cannot get this private/internal or blocklisted video: authentication required");
    throw ApiError(403, "Cannot get this private/internal or blocklisted video");
  }
  switch (v.privacy) {
    case model::kPublic:
      return;
    case model::kUnlisted: {
      // An unlisted video is found by its (unguessable) UUID; a sequential
      // numeric id would let anyone enumerate them.
      auto id = req.params.find("id");
      bool numeric = id != req.params.end() && !id->second.empty() &&
                     std::all_of(id->second.begin(), id->second.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!numeric || privileged) return;
      if (!user) throw ApiError(401, "Cannot get this unlisted video by its id: authentication required");
      throw ApiError(403, "Cannot get this unlisted video by its id");
    }
    case model::kInternal:
      if (!user) throw ApiError(401, "Cannot get this video regarding its privacy: authentication required");
      return;
    case model::kPrivate:
      if (privileged) return;
      if (!user) throw ApiError(401, "Cannot get this private video: authentication required");
      throw ApiError(403, "Cannot get this private video of another user");
    case model::kPasswordProtected: {
      if (privileged) return;
      std::string_view given = req.header("x-peertube-video-password");
      if (given.empty()) throw ApiError(403, "Please provide a password to access this password protected video", "video_requires_password");
      for (const auto& p : model::video_passwords(s, v.id))
        if (secure_equals(p, given)) return;
      throw ApiError(403, "Incorrect video password. Access to the video is denied.", "incorrect_video_password");
    }
    default:
      throw ApiError(403, "Unknown video privacy");
  }
}

namespace {
struct TokenStore {
  std::mutex mutex;
  std::unordered_map<std::string, std::pair<int64_t, int64_t>> tokens;  // token -> (video, expiry)
};
TokenStore& store() {
  static TokenStore s;
  return s;
}
constexpr int64_t kTokenLifetimeMs = 8LL * 3600 * 1000;
}  // namespace

VideoFileToken issue_video_file_token(int64_t video_id) {
  std::string token = uuid_v4();
  int64_t expires = now_ms() + kTokenLifetimeMs;
  auto& st = store();
  std::lock_guard lock(st.mutex);
  if (st.tokens.size() > 100'000) {
    int64_t now = now_ms();
    std::erase_if(st.tokens, [now](const auto& kv) { return kv.second.second < now; });
  }
  st.tokens[token] = {video_id, expires};
  return {token, expires};
}

bool check_video_file_token(const std::string& token, int64_t video_id) {
  auto& st = store();
  std::lock_guard lock(st.mutex);
  auto it = st.tokens.find(token);
  return it != st.tokens.end() && it->second.first == video_id && it->second.second > now_ms();
}

}  // namespace vv::api
