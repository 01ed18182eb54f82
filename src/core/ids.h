// Identifiers PeerTube exposes: random UUID v4 and its "short UUID", which is
// the same 128-bit number written in the Flickr base58 alphabet and padded to
// 22 characters (as the npm `short-uuid` package does), so either form finds
// the same object.
#pragma once
#include <optional>
#include <string>

namespace vv {

std::string uuid_v4();
bool is_uuid(const std::string& s);
std::string uuid_to_short(const std::string& uuid);
std::optional<std::string> short_to_uuid(const std::string& short_uuid);
// The forms PeerTube accepts for a route's object id: a number, a UUID or a short UUID.
bool is_id_or_uuid(const std::string& key);

}  // namespace vv
