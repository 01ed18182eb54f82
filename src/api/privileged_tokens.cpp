#include "api/privileged_tokens.h"

#include "core/clock.h"
#include "core/crypto.h"

namespace vv::api {

PrivilegedTokens& privileged_tokens() {
  static PrivilegedTokens t;
  return t;
}

void PrivilegedTokens::remember(std::string_view token, int64_t expires_at_ms) {
  std::string h = sha256_hex(token);
  std::lock_guard lock(mutex_);
  if (tokens_.size() > 10'000) tokens_.clear();
  tokens_[h] = expires_at_ms;
}

void PrivilegedTokens::forget_all() {
  std::lock_guard lock(mutex_);
  tokens_.clear();
}

bool PrivilegedTokens::contains(std::string_view token) const {
  std::string h = sha256_hex(token);
  std::lock_guard lock(mutex_);
  auto it = tokens_.find(h);
  return it != tokens_.end() && it->second > now_ms();
}

}  // namespace vv::api
