// Video blocks ("blacklist" in PeerTube's API): a blocked video is hidden from
// everyone but its owner and the moderators.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

namespace vv::model {

struct Blacklist {
  int64_t id = 0;
  int64_t video_id = 0;
  std::string reason;
  bool unfederated = false;
  int type = 1;  // 1 manual, 2 automatic before publication
  int64_t created_at = 0, updated_at = 0;
};

std::optional<Blacklist> find_blacklist(soci::session& s, int64_t video_id);
void insert_blacklist(soci::session& s, const Blacklist& b);
void update_blacklist_reason(soci::session& s, int64_t video_id, const std::string& reason);
void delete_blacklist(soci::session& s, int64_t video_id);

struct BlacklistQuery {
  int64_t start = 0, count = 15;
  std::string sort = "-id";
  std::string search;
  std::optional<int> type;
};
std::vector<Blacklist> list_blacklist(soci::session& s, const BlacklistQuery& q, int64_t* total);

}  // namespace vv::model
