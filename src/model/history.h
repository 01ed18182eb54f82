// Watch history: the last position reached in each video, per user.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

namespace vv::model {

void record_history(soci::session& s, int64_t user_id, int64_t video_id, int current_time);
std::optional<int> history_time(soci::session& s, int64_t user_id, int64_t video_id);
// video id -> last position, for a page of videos.
std::map<int64_t, int> history_times(soci::session& s, int64_t user_id, const std::vector<int64_t>& video_ids);
// Video ids, most recent first.
std::vector<int64_t> list_history(soci::session& s, int64_t user_id, const std::string& search, int64_t start,
                                  int64_t count, int64_t* total);
void delete_history_entry(soci::session& s, int64_t user_id, int64_t video_id);
void delete_history_before(soci::session& s, int64_t user_id, std::optional<int64_t> before_ms);

}  // namespace vv::model
