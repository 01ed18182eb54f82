// Likes and dislikes: one rate per (account, video); the video's likes and
// dislikes columns are kept equal to the rows.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

namespace vv::model {

// "like", "dislike" or nullopt.
std::optional<std::string> find_rate(soci::session& s, int64_t account_id, int64_t video_id);
// rating: "like", "dislike" or "none" (removes).
void set_rate(soci::session& s, int64_t account_id, int64_t video_id, const std::string& rating);

struct AccountRate {
  int64_t video_id;
  std::string rating;
};
std::vector<AccountRate> list_account_rates(soci::session& s, int64_t account_id, const std::string& type, int64_t start,
                                            int64_t count, int64_t* total);

}  // namespace vv::model
