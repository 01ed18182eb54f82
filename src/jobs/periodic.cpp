#include "jobs/periodic.h"

#include <spdlog/spdlog.h>

namespace vv::jobs {

void PeriodicTasks::add(std::string name, std::chrono::milliseconds interval, std::function<void()> fn) {
  tasks_.push_back({std::move(name), interval, std::move(fn), std::chrono::steady_clock::now() + interval});
}

void PeriodicTasks::start() {
  if (thread_.joinable() || tasks_.empty()) return;
  thread_ = std::thread([this] { loop(); });
}

void PeriodicTasks::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PeriodicTasks::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    auto next = tasks_.front().next;
    for (const auto& t : tasks_) next = std::min(next, t.next);
    if (cv_.wait_until(lock, next, [this] { return stopping_; })) break;
    auto now = std::chrono::steady_clock::now();
    for (auto& t : tasks_) {
      if (t.next > now) continue;
      t.next = now + t.interval;
      lock.unlock();
      try {
        t.fn();
      } catch (const std::exception& e) {
        spdlog::error("periodic task {}: {}", t.name, e.what());
      }
      lock.lock();
      if (stopping_) break;
    }
  }
}

}  // namespace vv::jobs
