// Follows between actors (PeerTube's actorFollow). For now the only ones
// are local subscriptions: a user's account actor following a local channel
// actor, accepted at once. Federation will add remote ones (pending, then
// accepted by the other side's Accept).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "model/account.h"

namespace vv::model {

// Returns false when it already existed.
bool add_follow(soci::session& s, int64_t actor_id, int64_t target_actor_id, const std::string& url);
bool remove_follow(soci::session& s, int64_t actor_id, int64_t target_actor_id);
bool follows(soci::session& s, int64_t actor_id, int64_t target_actor_id);
// Recounts the followers of `actor_id` (actors.followers_count) and what
// it follows (following_count).
void refresh_follow_counts(soci::session& s, int64_t actor_id);

// The channels `actor_id` follows, newest follow first (or by name).
std::vector<Channel> followed_channels(soci::session& s, int64_t actor_id, const Page& page, const std::string& search,
                                       int64_t* total);

}  // namespace vv::model
