#include "api/video_maintenance.h"

#include <spdlog/spdlog.h>

#include "api/video_publish.h"
#include "api/video_torrents.h"
#include "core/clock.h"
#include "db/database.h"
#include "model/resumable_upload.h"
#include "model/video.h"

namespace vv::api {

int run_scheduled_updates(ApiContext& ctx) {
  int64_t now = now_ms();
  std::vector<int64_t> due;
  ctx.db.read([&](soci::session& s) {
    long long n = now;
    soci::rowset<soci::row> rows = (s.prepare << "SELECT video_id FROM video_schedules WHERE update_at <= :n", soci::use(n));
    for (const auto& r : rows) due.push_back(db::get_i64(r, 0));
  });
  int done = 0;
  for (int64_t id : due) {
    model::Video v;
    int old_privacy = 0;
    bool were_private = false;
    bool changed = ctx.db.write([&](soci::session& s) {
      auto found = model::find_video_by_id(s, id);
      if (!found || !found->schedule) return false;
      v = std::move(*found);
      old_privacy = v.privacy;
      were_private = files_are_private(v);
      if (v.schedule->second) {
        v.privacy = *v.schedule->second;
        if (old_privacy == model::kPrivate && v.privacy != model::kPrivate) v.published_at = now_ms();
        model::save_video(s, v);
      }
      model::set_video_schedule(s, id, std::nullopt);
      return true;
    });
    if (!changed) continue;
    ++done;
    if (were_private != files_are_private(v)) {
      move_files_for_privacy(ctx, v, were_private);
      rebuild_torrents(ctx, v);
    }
    spdlog::info("video {}: scheduled update applied (privacy {} -> {})", v.uuid, old_privacy, v.privacy);
  }
  return done;
}

int remove_stale_uploads(ApiContext& ctx, int64_t max_idle_ms) {
  auto stale = ctx.db.read([&](soci::session& s) { return model::stale_resumable_uploads(s, now_ms() - max_idle_ms); });
  for (const auto& id : stale) {
    std::error_code ec;
    std::filesystem::remove(ctx.cfg()->storage_dir("tmp") / "resumable-uploads" / id, ec);
    ctx.db.write([&](soci::session& s) { model::delete_resumable_upload(s, id); });
  }
  if (!stale.empty()) spdlog::info("removed {} abandoned resumable upload(s)", stale.size());
  return static_cast<int>(stale.size());
}

}  // namespace vv::api
