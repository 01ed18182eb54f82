// The storyboard of a video: one sprite sheet of evenly spaced frames
// (PeerTube keeps at most one per video).
#pragma once
#include <optional>
#include <string>

#include <soci/soci.h>

namespace vv::model {

struct Storyboard {
  std::string filename;
  int total_width = 0, total_height = 0, sprite_width = 0, sprite_height = 0, sprite_duration = 0;
  int64_t created_at = 0;
};

std::optional<Storyboard> find_storyboard(soci::session& s, int64_t video_id);
// Replaces the video's storyboard; returns the previous file name, if any.
std::optional<std::string> replace_storyboard(soci::session& s, int64_t video_id, const Storyboard& sb);

}  // namespace vv::model
