// PostgreSQL LISTEN on one connection of its own, for what other server
// processes on the same database announce with NOTIFY at commit:
//   vidiverse_jobs    a job was enqueued (or the queue resumed): wake the
//                     job dispatcher
//   vidiverse_writes  data changed (payload: the writer's process id):
//                     drop the response caches, which compare
//                     Database::write_generation()
// Reconnects after a lost connection (keepalives detect a silent one) and
// then reports a change on every channel, since notifications may have been
// missed meanwhile.
#pragma once
#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <thread>

namespace vv::db {

class ChangeListener {
public:
  explicit ChangeListener(std::string conninfo) : conninfo_(std::move(conninfo)) {}
  ~ChangeListener() { stop(); }

  // Before start(). The callback runs on the listener's thread.
  void on(const std::string& channel, std::function<void(const std::string& payload)> f) { handlers_[channel] = std::move(f); }
  void start();
  void stop();

private:
  void loop();
  std::string conninfo_;
  std::map<std::string, std::function<void(const std::string&)>> handlers_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
};

}  // namespace vv::db
