// Bearer-token authentication and PeerTube's role rights.
#pragma once
#include <optional>

#include "api/context.h"
#include "http/message.h"
#include "model/user.h"

namespace vv::api {

// Subset of PeerTube's UserRight, with its numbering.
enum class Right {
  all = 0,
  manage_users = 1,
  manage_server_follow = 2,
  manage_logs = 3,
  manage_debug = 4,
  manage_server_redundancy = 5,
  manage_abuses = 6,
  manage_jobs = 7,
  manage_configuration = 8,
  manage_instance_custom_page = 9,
  manage_accounts_blocklist = 10,
  manage_servers_blocklist = 11,
  manage_video_blacklist = 12,
  manage_runners = 13,
  remove_any_video = 14,
  remove_any_video_playlist = 15,
  remove_any_video_comment = 16,
  update_any_video = 17,
  update_any_video_playlist = 18,
  get_any_live = 19,
  see_all_videos = 20,
  see_all_comments = 21,
  change_video_ownership = 22,
  manage_plugins = 23,
  manage_video_files = 24,
  run_video_transcoding = 25,
  manage_video_imports = 26,
  manage_registrations = 27,
  manage_any_video_channel = 28,
};

bool has_right(int role, Right r);

// nullopt when the request carries no token; throws 401 for a bad, expired or
// blocked one.
std::optional<model::User> authenticate(ApiContext& ctx, const http::Request& req);
model::User require_user(ApiContext& ctx, const http::Request& req);
model::User require_right(ApiContext& ctx, const http::Request& req, Right r);

}  // namespace vv::api
