// The common part of every video list endpoint (/videos, account, channel,
// my videos, search): PeerTube's filters, sorts and visibility rules read
// from the query string, and the {total, data} answer.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "api/context.h"
#include "http/message.h"
#include "model/user.h"
#include "model/video.h"

namespace vv::api {

extern const std::vector<std::string> kVideoSorts;

model::VideoListQuery list_query(ApiContext& ctx, const http::Request& req, const std::optional<model::User>& user);
// `viewer`: the signed-in user, whose watch position is added (userHistory).
http::Response list_response(ApiContext& ctx, soci::session& s, const model::VideoListQuery& q, bool additional,
                             const std::optional<model::User>& viewer = std::nullopt);

}  // namespace vv::api
