// Upload and removal of avatars and banners, shared by the user and channel
// controllers: multipart field -> validated image -> one JPEG per PeerTube
// size in storage.actor_images -> actor_images rows. Old files are removed
// after the new rows are committed.
#pragma once
#include <boost/json/array.hpp>

#include "api/context.h"
#include "http/message.h"
#include "api/views.h"
#include "http/router.h"
#include "model/actor.h"

namespace vv::api {

boost::json::array pick_actor_image(ApiContext& ctx, const http::Request& req, int64_t actor_id,
                                    model::ImageType type, const char* field);
void remove_actor_image(ApiContext& ctx, int64_t actor_id, model::ImageType type);
// Deletes the files of every image of an actor (before the actor row goes).
void remove_actor_files(ApiContext& ctx, soci::session& s, int64_t actor_id);

void register_static_image_routes(http::Router& router, ApiContext& ctx);

}  // namespace vv::api
