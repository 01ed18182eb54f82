// Who may see a video, PeerTube's rules:
//   public, unlisted      anyone
//   internal              any signed-in user (else 401)
//   private               the owner or SEE_ALL_VIDEOS (else 401 anonymous, 403 signed in)
//   password protected    the owner, SEE_ALL_VIDEOS, or the right password in
//                         x-peertube-video-password (else 403 video_requires_password
//                         / incorrect_video_password)
// Private files additionally accept a short-lived video file token.
#pragma once
#include <optional>

#include "api/context.h"
#include "http/message.h"
#include "model/user.h"
#include "model/video.h"

namespace vv::api {

// The video named by a route parameter: 400 when the id is neither a number,
// a UUID nor a short UUID, 404 when there is no such video.
model::Video require_video(soci::session& s, const std::string& key);

bool is_video_owner(const model::Video& v, const std::optional<model::User>& user);
bool can_manage_video(const model::Video& v, const std::optional<model::User>& user);  // owner or UPDATE_ANY_VIDEO

// Throws ApiError when the requester may not see the video.
void check_can_view(ApiContext& ctx, soci::session& s, const model::Video& v, const std::optional<model::User>& user,
                    const http::Request& req);

// Video file tokens (POST /api/v1/videos/{id}/token): in memory, 8 hours.
struct VideoFileToken {
  std::string token;
  int64_t expires_at;
};
VideoFileToken issue_video_file_token(int64_t video_id);
bool check_video_file_token(const std::string& token, int64_t video_id);

}  // namespace vv::api
