// Live viewers and view counting, kept in memory (single node; the Redis
// variant for several processes is future work):
//   - a viewer is a session (hash of the IP) that sent a view event in the
//     last two minutes: that is the `viewers` figure of a video;
//   - a view counts once per session and video per `view_lifetime_ms`
//     (views.videos.view_expiration), after enough watching:
//     views.videos.count_view_after seconds, or more than half of a shorter
//     video. Watch time is the sum of the sections the events describe.
#pragma once
#include <cstdint>
#include <string>

namespace vv::api {

struct ViewOutcome {
  bool new_view = false;
};

// Records a view event at `current_time` (seconds). `seek` starts a new
// watched section.
struct ViewRules {
  double count_after_s = 10;
  int64_t view_lifetime_ms = 3'600'000;
};

ViewOutcome record_view_event(int64_t video_id, int64_t duration, const std::string& session, double current_time,
                              bool seek, const ViewRules& rules);
int64_t viewers_of(int64_t video_id);

}  // namespace vv::api
