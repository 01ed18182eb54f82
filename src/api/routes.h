// One registration function per API area (PeerTube's controller files).
// Literal routes are registered before parameterised siblings
// (/users/me before /users/:id): the router tries routes in order.
#pragma once
#include "api/context.h"
#include "http/router.h"

namespace vv::api {

void register_oauth_routes(http::Router& r, ApiContext& ctx);
void register_me_routes(http::Router& r, ApiContext& ctx);
void register_users_routes(http::Router& r, ApiContext& ctx);
void register_accounts_routes(http::Router& r, ApiContext& ctx);
void register_video_channels_routes(http::Router& r, ApiContext& ctx);
void register_config_routes(http::Router& r, ApiContext& ctx);
void register_static_image_routes(http::Router& r, ApiContext& ctx);
void register_video_upload_routes(http::Router& r, ApiContext& ctx);
void register_videos_routes(http::Router& r, ApiContext& ctx);
void register_static_video_routes(http::Router& r, ApiContext& ctx);
void register_torrent_routes(http::Router& r, ApiContext& ctx);
void register_comments_routes(http::Router& r, ApiContext& ctx);
void register_video_rates_routes(http::Router& r, ApiContext& ctx);
void register_video_views_routes(http::Router& r, ApiContext& ctx);
void register_blacklist_routes(http::Router& r, ApiContext& ctx);
void register_playlists_routes(http::Router& r, ApiContext& ctx);
void register_captions_chapters_routes(http::Router& r, ApiContext& ctx);
void register_search_routes(http::Router& r, ApiContext& ctx);
void register_jobs_routes(http::Router& r, ApiContext& ctx);
void register_subscriptions_routes(http::Router& r, ApiContext& ctx);
void register_video_files_routes(http::Router& r, ApiContext& ctx);

inline void register_all_routes(http::Router& r, ApiContext& ctx) {
  register_oauth_routes(r, ctx);
  register_video_upload_routes(r, ctx);  // before /users/me/... and /videos/:id
  register_comments_routes(r, ctx);      // /videos/comments before /videos/:id
  register_blacklist_routes(r, ctx);     // /videos/blacklist before /videos/:id
  register_video_rates_routes(r, ctx);
  register_video_views_routes(r, ctx);
  register_playlists_routes(r, ctx);     // /users/me/video-playlists/... before /users/:id
  register_subscriptions_routes(r, ctx);  // /users/me/subscriptions... before /users/:id
  register_captions_chapters_routes(r, ctx);
  register_search_routes(r, ctx);
  register_jobs_routes(r, ctx);
  register_video_files_routes(r, ctx);   // /videos/:id/hls... before /videos/:id
  register_videos_routes(r, ctx);
  register_me_routes(r, ctx);
  register_users_routes(r, ctx);
  register_accounts_routes(r, ctx);
  register_video_channels_routes(r, ctx);
  register_config_routes(r, ctx);
  register_static_image_routes(r, ctx);
  register_static_video_routes(r, ctx);
  register_torrent_routes(r, ctx);
}

}  // namespace vv::api
