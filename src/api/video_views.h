// JSON of videos as PeerTube's REST API shows them: Video (lists) and
// VideoDetails (GET /videos/{id}), VideoFile, VideoSource.
#pragma once
#include <boost/json/object.hpp>

#include "api/context.h"
#include "model/video.h"

namespace vv::api {

struct VideoJsonOptions {
  bool details = false;
  bool additional = false;  // state, waitTranscoding, scheduledUpdate, blacklisted (owner lists, include=...)
};

boost::json::object video_json(const ApiContext& ctx, const model::Video& v, const VideoJsonOptions& opt = {});
boost::json::object video_file_json(const ApiContext& ctx, const model::Video& v, const model::VideoFile& f);

// Where a video's web-video files live (public or private/), by privacy.
bool is_private_privacy(int privacy);
// Files of private, internal, password-protected and blocked videos are kept
// apart and served only after a rights check.
bool files_are_private(const model::Video& v);
std::string web_video_url_path(const model::Video& v, const model::VideoFile& f);

std::string truncate_description(const std::string& d);

}  // namespace vv::api
