// Torrents of a video's files: built from the file on disk with the
// instance's trackers and the file URL as web seed; the magnet URI in the API
// is derived from the stored info hash.
#pragma once
#include <string>
#include <vector>

#include "api/context.h"
#include "http/router.h"
#include "model/video.h"

namespace vv::api {

std::vector<std::string> tracker_urls(const ApiContext& ctx);
std::string torrent_info_name(const model::Video& v, const model::VideoFile& f);

// Writes (or rewrites) the .torrent of `f` and sets f.torrent_filename and
// f.info_hash (the row is not updated here).
void build_torrent(ApiContext& ctx, const model::Video& v, model::VideoFile& f);

std::string magnet_of(const ApiContext& ctx, const model::Video& v, const model::VideoFile& f);

void register_torrent_routes(http::Router& r, ApiContext& ctx);

}  // namespace vv::api
