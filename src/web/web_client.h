// Serves the single-page web client built from web/ (web/dist): hashed
// assets with a one-year immutable cache, other files as they are, and
// index.html for every client route (no-cache, so a new build is picked up).
// Must be registered last: it answers every GET no other route matched.
#pragma once
#include <filesystem>

#include "api/context.h"
#include "http/router.h"

namespace vv::web {

// The dist directory: webapp.dist_dir, or web/dist in the source tree.
std::filesystem::path dist_dir(const Config& cfg);

void register_web_client_routes(http::Router& r, api::ApiContext& ctx);

}  // namespace vv::web
