#include "jobs/queue.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

#include <spdlog/spdlog.h>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/ids.h"

namespace vv::jobs {

namespace json = boost::json;

void JobRun::progress(int percent) {
  percent = std::clamp(percent, 0, 100);
  int64_t now = now_ms();
  if (percent == last_progress_ || now - last_progress_ms_ < 1000) return;
  last_progress_ = percent;
  last_progress_ms_ = now;
  try {
    queue_->db_.write_quiet([&](soci::session& s) { model::set_job_progress(s, job_.id, queue_->node_, percent, now); });
  } catch (const std::exception& e) {
    spdlog::warn("job {}: cannot save progress: {}", job_.id, e.what());
  }
}

void JobRun::complete(const std::function<void(soci::session&)>& f) {
  if (cancelled()) throw std::runtime_error("cancelled");
  queue_->db_.write([&](soci::session& s) {
    f(s);
    // Taken back meanwhile (this process looked dead): the other run wins,
    // and this one's writes are rolled back.
    if (!model::complete_job(s, job_.id, queue_->node_, now_ms()))
      throw std::runtime_error("The job was taken over by another process.");
  });
  completed_ = true;
}

// The PID namespace of this process: containers sharing a host name (host
// networking) still have pids of their own, which say nothing to others.
static std::string pid_namespace() {
  char buf[64] = {0};
  ssize_t n = readlink("/proc/self/ns/pid", buf, sizeof buf - 1);
  std::string s = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";  // "pid:[4026531836]"
  std::string digits;
  for (char c : s)
    if (c >= '0' && c <= '9') digits += c;
  return digits;
}

// host:pid:random:pidns — the pid lets a restarted process on the same host
// (and PID namespace) see at once that the previous one is gone.
static std::string make_node_id() {
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + random_hex(4) + ":" + pid_namespace();
}

JobQueue::JobQueue(db::Database& db, const Config& cfg)
    : db_(db),
      node_(make_node_id()),
      poll_ms_(cfg.duration_ms("jobs.poll_interval", 2000)),
      heartbeat_ms_(cfg.duration_ms("jobs.heartbeat_interval", 10'000)),
      stale_after_ms_(cfg.duration_ms("jobs.stale_after", 60'000)),
      keep_finished_ms_(cfg.duration_ms("jobs.keep_finished", 2 * 86'400'000LL)),
      enabled_(cfg.boolean("jobs.enabled", true)) {}

JobQueue::~JobQueue() { stop(); }

void JobQueue::register_handler(const std::string& type, std::shared_ptr<JobHandler> h, JobTypeOptions o) {
  o.concurrency = std::max(1, o.concurrency);
  o.max_attempts = std::max(1, o.max_attempts);
  types_[type] = Type{std::move(h), o, 0};
}

const JobTypeOptions* JobQueue::options(const std::string& type) const {
  auto it = types_.find(type);
  return it == types_.end() ? nullptr : &it->second.options;
}

int64_t JobQueue::enqueue(soci::session& s, model::NewJob j) {
  if (auto* o = options(j.type); o && j.max_attempts <= 1) j.max_attempts = o->max_attempts;
  return model::insert_job(s, db_.dialect(), j, now_ms());
}

void JobQueue::notify() {
  {
    std::lock_guard lock(mutex_);
    wake_ = true;
  }
  cv_.notify_all();
}

void JobQueue::start() {
  if (!enabled_ || dispatcher_.joinable()) return;
  recover();
  dispatcher_ = std::thread([this] { dispatch_loop(); });
}

void JobQueue::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    for (auto& [id, r] : running_) r.cancel->store(true);
  }
  cv_.notify_all();
  if (dispatcher_.joinable()) dispatcher_.join();
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [this] { return running_.empty(); });
}

void JobQueue::cancel_video_jobs(int64_t video_id) {
  std::lock_guard lock(mutex_);
  for (auto& [id, r] : running_) {
    if (r.video_id != video_id) continue;
    r.cancelled_by_video = true;
    r.cancel->store(true);
  }
}

// Jobs left active by a process that is gone. On this host a missing pid
// says so at once; elsewhere only a stale heartbeat can.
void JobQueue::recover() {
  try {
    int64_t now = now_ms();
    std::vector<std::string> dead;
    auto nodes = db_.read([](soci::session& s) { return model::active_job_nodes(s); });
    char host[256] = {0};
    gethostname(host, sizeof host - 1);
    std::string prefix = std::string(host) + ":";
    std::string ns = pid_namespace();
    for (const auto& n : nodes) {
      if (n == node_ || !n.starts_with(prefix)) continue;
      auto rest = n.substr(prefix.size());
      // Another PID namespace: its pids mean nothing here; the heartbeat decides.
      if (auto last = rest.rfind(':'); last != std::string::npos && std::count(rest.begin(), rest.end(), ':') >= 2 &&
                                       rest.substr(last + 1) != ns)
        continue;
      pid_t pid = static_cast<pid_t>(std::atoll(rest.substr(0, rest.find(':')).c_str()));
      // Our own pid with another random part is a previous life of this pid.
      if (pid <= 0 || pid == getpid() || (kill(pid, 0) != 0 && errno == ESRCH)) dead.push_back(n);
    }
    std::vector<model::Job> failed;
    db_.write([&](soci::session& s) {
      failed = model::recover_jobs(s, node_, now - stale_after_ms_, dead, now);
      // Jobs that used their last attempt fail as if they had thrown.
      for (const auto& j : failed)
        if (auto it = types_.find(j.type); it != types_.end()) it->second.handler->on_failed(s, j, j.error);
    });
    if (!failed.empty()) spdlog::warn("jobs: {} job(s) left active by a stopped process failed for good", failed.size());
  } catch (const std::exception& e) {
    spdlog::error("jobs: recovery failed: {}", e.what());
  }
}

std::vector<std::string> JobQueue::types_with_free_slots() {
  std::vector<std::string> out;
  for (auto& [name, t] : types_)
    if (t.running < t.options.concurrency) out.push_back(name);
  return out;
}

void JobQueue::dispatch_loop() {
  auto last_maintenance = std::chrono::steady_clock::now();
  auto last_prune = std::chrono::steady_clock::time_point{};
  while (true) {
    std::vector<std::string> free;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
      wake_ = false;
      free = types_with_free_slots();
    }
    bool claimed = false;
    for (const auto& type : free) {
      int slots;
      {
        std::lock_guard lock(mutex_);
        slots = types_[type].options.concurrency - types_[type].running;
      }
      if (slots <= 0) continue;
      try {
        // One statement, no transaction around it: atomic by itself.
        auto jobs = db_.read(
            [&](soci::session& s) { return model::claim_jobs(s, db_.dialect(), type, node_, now_ms(), slots); });
        for (auto& job : jobs) {
          claimed = true;
          auto cancel = std::make_shared<std::atomic<bool>>(false);
          std::unique_lock lock(mutex_);
          if (stopping_) {  // stop() came while we were claiming: give it back
            lock.unlock();
            db_.write_quiet([&](soci::session& s) { model::release_job(s, job.id, node_); });
            continue;
          }
          types_[job.type].running++;
          running_[job.id] = Running{job.video_id.value_or(0), cancel, false};
          try {
            std::thread([this, j = job, cancel]() mutable { run_job(std::move(j), cancel); }).detach();
          } catch (const std::system_error& e) {  // no thread to be had: the job waits for later
            types_[job.type].running--;
            running_.erase(job.id);
            lock.unlock();
            spdlog::error("jobs: cannot start a thread for job {}: {}", job.id, e.what());
            db_.write_quiet([&](soci::session& s) { model::release_job(s, job.id, node_); });
          }
        }
      } catch (const std::exception& e) {
        spdlog::error("jobs: cannot claim {} jobs: {}", type, e.what());
      }
    }
    auto now = std::chrono::steady_clock::now();
    if (now - last_maintenance >= std::chrono::milliseconds(heartbeat_ms_)) {
      last_maintenance = now;
      try {
        std::vector<int64_t> ids;
        {
          std::lock_guard lock(mutex_);
          for (const auto& [id, r] : running_) ids.push_back(id);
        }
        db_.write_quiet([&](soci::session& s) { model::heartbeat_jobs(s, node_, ids, now_ms()); });
      } catch (const std::exception& e) {
        spdlog::warn("jobs: heartbeat failed: {}", e.what());
      }
      recover();
    }
    if (now - last_prune >= std::chrono::hours(1)) {
      last_prune = now;
      try {
        int n = db_.write_quiet([&](soci::session& s) { return model::prune_jobs(s, now_ms() - keep_finished_ms_); });
        if (n > 0) spdlog::info("jobs: pruned {} finished job(s)", n);
      } catch (const std::exception& e) {
        spdlog::warn("jobs: prune failed: {}", e.what());
      }
    }
    if (claimed) continue;  // maybe more are ready
    // Sleep until woken, the next delayed job is due, or the poll interval.
    int64_t wait_ms = std::min(poll_ms_, heartbeat_ms_);
    try {
      if (auto next = db_.read([](soci::session& s) { return model::next_run_at(s); })) {
        int64_t due = *next - now_ms();
        if (due > 0) wait_ms = std::min(wait_ms, due);
      }
    } catch (...) {
    }
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, std::chrono::milliseconds(std::max<int64_t>(wait_ms, 5)), [this] { return stopping_ || wake_; });
  }
}

void JobQueue::run_job(model::Job job, std::shared_ptr<std::atomic<bool>> cancel) {
  JobRun run;
  run.queue_ = this;
  run.cancel_ = cancel;
  try {
    auto v = json::parse(job.payload);
    if (v.is_object()) run.payload_ = v.as_object();
  } catch (...) {
  }
  run.job_ = job;
  std::shared_ptr<JobHandler> handler;
  JobTypeOptions opts;
  {
    std::lock_guard lock(mutex_);
    handler = types_[job.type].handler;
    opts = types_[job.type].options;
  }
  spdlog::info("job {} ({}) started, attempt {}/{}", job.id, job.type, job.attempts, job.max_attempts);
  std::string error;
  bool ok = false, permanent = false;
  try {
    handler->run(run);
    if (!run.completed_) {
      if (cancel->load()) throw std::runtime_error("cancelled");
      // Nothing else to write: one statement, no transaction.
      bool owned = db_.read([&](soci::session& s) { return model::complete_job(s, job.id, node_, now_ms()); });
      if (!owned) throw std::runtime_error("The job was taken over by another process.");
      run.completed_ = true;
    }
    ok = true;
  } catch (const PermanentJobError& e) {
    error = e.what();
    permanent = true;
  } catch (const std::exception& e) {
    error = e.what();
  }
  bool by_video = false, stopping = false;
  {
    std::lock_guard lock(mutex_);
    by_video = running_[job.id].cancelled_by_video;
    stopping = stopping_;
  }
  if (!ok) {
    try {
      if (stopping && !by_video) {
        db_.write_quiet([&](soci::session& s) { model::release_job(s, job.id, node_); });
        spdlog::info("job {} ({}) interrupted by shutdown; it will run again", job.id, job.type);
      } else if (by_video) {
        db_.write_quiet([&](soci::session& s) { model::fail_job(s, job.id, node_, "The video was deleted.", now_ms()); });
      } else if (!permanent && job.attempts < job.max_attempts) {
        int64_t delay = opts.backoff_ms << std::min(job.attempts - 1, 20);
        db_.write_quiet([&](soci::session& s) { model::retry_job(s, job.id, node_, error, now_ms() + delay); });
        spdlog::warn("job {} ({}) attempt {} failed, retry in {} ms: {}", job.id, job.type, job.attempts, delay, error);
      } else {
        db_.write([&](soci::session& s) {
          // on_failed only for the run that still owns the job.
          if (model::fail_job(s, job.id, node_, error, now_ms())) handler->on_failed(s, job, error);
        });
        spdlog::error("job {} ({}) failed: {}", job.id, job.type, error);
      }
    } catch (const std::exception& e) {
      spdlog::error("job {}: cannot record the end of the job: {}", job.id, e.what());
    }
  }
  // Notified under the lock: once stop() sees running_ empty it may destroy
  // the queue, and this thread must not touch it after unlocking.
  std::lock_guard lock(mutex_);
  types_[job.type].running--;
  running_.erase(job.id);
  wake_ = true;
  cv_.notify_all();
}

}  // namespace vv::jobs
