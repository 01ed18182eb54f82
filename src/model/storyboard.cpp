#include "model/storyboard.h"

#include "core/clock.h"

namespace vv::model {

std::optional<Storyboard> find_storyboard(soci::session& s, int64_t video_id) {
  long long vid = video_id, created = 0;
  Storyboard sb;
  s << "SELECT filename, total_width, total_height, sprite_width, sprite_height, sprite_duration, created_at FROM "
       "video_storyboards WHERE video_id = :v",
      soci::use(vid), soci::into(sb.filename), soci::into(sb.total_width), soci::into(sb.total_height),
      soci::into(sb.sprite_width), soci::into(sb.sprite_height), soci::into(sb.sprite_duration), soci::into(created);
  if (!s.got_data()) return std::nullopt;
  sb.created_at = created;
  return sb;
}

std::optional<std::string> replace_storyboard(soci::session& s, int64_t video_id, const Storyboard& sb) {
  auto old = find_storyboard(s, video_id);
  long long vid = video_id, now = now_ms();
  s << "DELETE FROM video_storyboards WHERE video_id = :v", soci::use(vid);
  s << "INSERT INTO video_storyboards (video_id, filename, total_width, total_height, sprite_width, sprite_height, "
       "sprite_duration, created_at) VALUES (:v, :f, :tw, :th, :sw, :sh, :sd, :c)",
      soci::use(vid), soci::use(sb.filename), soci::use(sb.total_width), soci::use(sb.total_height),
      soci::use(sb.sprite_width), soci::use(sb.sprite_height), soci::use(sb.sprite_duration), soci::use(now);
  if (old && old->filename != sb.filename) return old->filename;
  return std::nullopt;
}

}  // namespace vv::model
