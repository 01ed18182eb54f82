#include "http/rate_limit_filter.h"

#include "core/clock.h"
#include "http/problem.h"

namespace vv::http {

const RateLimitRule* RateLimitFilter::rule_for(const Request& req) const {
  for (const auto& r : rules_) {
    if (!r.method.empty() && r.method != req.method) continue;
    if (r.exact ? req.path == r.path_prefix : req.path.starts_with(r.path_prefix)) return &r;
  }
  return nullptr;
}

std::optional<Response> RateLimitFilter::on_request(Request& req) {
  const RateLimitRule* rule = rule_for(req);
  if (!rule || rule->max <= 0) return std::nullopt;
  int64_t now = now_ms();
  int64_t count, reset_ms;
  {
    std::lock_guard lock(mutex_);
    if (now - last_sweep_ms_ > 60'000) {  // forget idle clients so the map stays small
      for (auto it = windows_.begin(); it != windows_.end();)
        it = (now - it->second.start_ms > 3'600'000) ? windows_.erase(it) : std::next(it);
      last_sweep_ms_ = now;
    }
    Window& w = windows_[rule->name + '|' + req.remote_ip];
    if (now - w.start_ms >= rule->window_ms) {
      w.start_ms = now;
      w.count = 0;
    }
    count = ++w.count;
    reset_ms = w.start_ms + rule->window_ms;
  }
  // Stash the figures in the request for on_response (headers are set there).
  req.headers.emplace_back("x-vv-ratelimit", std::to_string(rule->max) + ' ' +
                                                 std::to_string(std::max<int64_t>(0, rule->max - count)) + ' ' +
                                                 std::to_string(reset_ms));
  if (count <= rule->max) return std::nullopt;
  if (exempt_ && exempt_(req)) return std::nullopt;
  Response r = problem(429, "Too many requests, please try again later.");
  r.set_header("retry-after", std::to_string((reset_ms - now + 999) / 1000));
  return r;
}

void RateLimitFilter::on_response(const Request& req, Response& res) {
  std::string_view v = req.header("x-vv-ratelimit");
  if (v.empty()) return;
  if (res.status >= 400 && res.status != 429) {
    const RateLimitRule* rule = rule_for(req);
    if (rule && rule->skip_failed) {  // give the failed attempt back
      std::lock_guard lock(mutex_);
      auto it = windows_.find(rule->name + '|' + req.remote_ip);
      if (it != windows_.end() && it->second.count > 0) --it->second.count;
    }
  }
  size_t a = v.find(' '), b = v.rfind(' ');
  res.set_header("x-ratelimit-limit", std::string(v.substr(0, a)));
  res.set_header("x-ratelimit-remaining", std::string(v.substr(a + 1, b - a - 1)));
  res.set_header("x-ratelimit-reset", std::to_string((std::stoll(std::string(v.substr(b + 1))) + 999) / 1000));
}

}  // namespace vv::http
