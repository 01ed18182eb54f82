// Fixed-window rate limits per client IP, as PeerTube's express-rate-limit
// setup does: a window length and a maximum per window for each class of
// route (api, login, signup, ...). Answers 429 with Retry-After and sets the
// legacy X-RateLimit-* headers on every limited response.
#pragma once
#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/filter.h"

namespace vv::http {

struct RateLimitRule {
  std::string name;
  std::string method;       // empty = any
  std::string path_prefix;  // exact path when `exact`
  bool exact = false;
  int64_t window_ms = 10'000;
  int64_t max = 50;
  bool skip_failed = false;  // responses >= 400 do not count (signup)
};

// Asked only for a request over its limit: true lets it through anyway
// (PeerTube lets administrators and moderators past). Runs on the I/O thread,
// so it must answer from memory.
using RateLimitExemption = std::function<bool(const Request&)>;

class RateLimitFilter : public Filter {
public:
  // Rules are tried in order; the first that matches applies (one per request).
  explicit RateLimitFilter(std::vector<RateLimitRule> rules, RateLimitExemption exempt = {})
      : rules_(std::move(rules)), exempt_(std::move(exempt)) {}
  std::optional<Response> on_request(Request& req) override;
  void on_response(const Request& req, Response& res) override;

private:
  struct Window {
    int64_t start_ms = 0;
    int64_t count = 0;
  };
  const RateLimitRule* rule_for(const Request& req) const;

  std::vector<RateLimitRule> rules_;
  RateLimitExemption exempt_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;  // rule name + ip
  int64_t last_sweep_ms_ = 0;
};

}  // namespace vv::http
