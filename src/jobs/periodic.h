// Periodic background tasks (PeerTube's "schedulers"): each task runs every
// `interval` on one background thread, never two at once; a failure is
// logged and the task runs again at its next turn. stop() wakes the thread
// and waits for the current task to finish.
#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace vv::jobs {

class PeriodicTasks {
public:
  void add(std::string name, std::chrono::milliseconds interval, std::function<void()> fn);
  void start();
  void stop();
  ~PeriodicTasks() { stop(); }

private:
  struct Task {
    std::string name;
    std::chrono::milliseconds interval;
    std::function<void()> fn;
    std::chrono::steady_clock::time_point next;
  };
  void loop();

  std::vector<Task> tasks_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace vv::jobs
