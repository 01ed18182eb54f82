// Live viewers and view counting, kept in memory (single node; the Redis
// variant for several processes is future work):
//   - a viewer is a session (hash of the IP) that sent a view event in the
//     last two minutes: that is the `viewers` figure of a video;
//   - a view counts once per session and video per hour, after enough
//     watching: 30 s, or more than half of a video shorter than 30 s.
//     Watch time is the sum of the sections the events describe.
#pragma once
#include <cstdint>
#include <string>

namespace vv::api {

struct ViewOutcome {
  bool new_view = false;
};

// Records a view event at `current_time` (seconds). `seek` starts a new
// watched section.
ViewOutcome record_view_event(int64_t video_id, int64_t duration, const std::string& session, double current_time,
                              bool seek);
int64_t viewers_of(int64_t video_id);

}  // namespace vv::api
