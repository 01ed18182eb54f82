#include "api/video_viewers.h"

#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/clock.h"

namespace vv::api {

namespace {

constexpr int64_t kViewerLifetimeMs = 2 * 60 * 1000;  // PeerTube's VIEW_LIFETIME.VIEWER_COUNTER
constexpr int64_t kForgetAfterMs = 24LL * 60 * 60 * 1000;  // idle sessions dropped from memory

struct Section {
  double start, end;
};

struct Session {
  int64_t last_seen = 0;
  std::vector<Section> sections;
  int64_t viewed_at = 0;  // when it last counted as a view
};

struct Registry {
  std::mutex mutex;
  std::unordered_map<int64_t, std::unordered_map<std::string, Session>> videos;
  int64_t last_sweep = 0;
};

Registry& registry() {
  static Registry r;
  return r;
}

void sweep(Registry& r, int64_t now) {
  if (now - r.last_sweep < 60'000) return;
  r.last_sweep = now;
  for (auto it = r.videos.begin(); it != r.videos.end();) {
    std::erase_if(it->second, [now](const auto& kv) {
      return now - kv.second.last_seen > kForgetAfterMs;
    });
    it = it->second.empty() ? r.videos.erase(it) : std::next(it);
  }
}

}  // namespace

ViewOutcome record_view_event(int64_t video_id, int64_t duration, const std::string& session, double current_time,
                              bool seek, const ViewRules& rules) {
  auto& r = registry();
  int64_t now = now_ms();
  std::lock_guard lock(r.mutex);
  sweep(r, now);
  Session& s = r.videos[video_id][session];
  s.last_seen = now;
  if (current_time < 0) current_time = 0;
  if (s.sections.empty() || seek || current_time < s.sections.back().end) s.sections.push_back({current_time, current_time});
  else s.sections.back().end = current_time;
  if (s.sections.size() > 200) s.sections.erase(s.sections.begin());
  double watched = 0;
  for (const auto& sec : s.sections) watched += sec.end - sec.start;
  bool enough = duration >= rules.count_after_s ? watched >= rules.count_after_s
                                                : (watched > 0 && static_cast<double>(duration) / watched < 2);
  ViewOutcome out;
  if (enough && (s.viewed_at == 0 || now - s.viewed_at > rules.view_lifetime_ms)) {
    s.viewed_at = now;
    out.new_view = true;
    // A new view period starts: what was watched so far is spent.
    s.sections.clear();
    s.sections.push_back({current_time, current_time});
  }
  return out;
}

int64_t viewers_of(int64_t video_id) {
  auto& r = registry();
  int64_t now = now_ms();
  std::lock_guard lock(r.mutex);
  auto it = r.videos.find(video_id);
  if (it == r.videos.end()) return 0;
  int64_t n = 0;
  for (const auto& [k, s] : it->second)
    if (now - s.last_seen <= kViewerLifetimeMs) ++n;
  return n;
}

}  // namespace vv::api
