// Access tokens recently seen belonging to administrators or moderators, so
// the rate-limit filter (on the I/O thread, no database) can let them past
// as PeerTube does. Filled by authenticate(); entries expire with the token.
#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace vv::api {

class PrivilegedTokens {
public:
  void remember(std::string_view token, int64_t expires_at_ms);
  void forget_all();  // on any role change or block: simplest safe answer
  bool contains(std::string_view token) const;

private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, int64_t> tokens_;  // sha256 hex -> expiry
};

PrivilegedTokens& privileged_tokens();

}  // namespace vv::api
