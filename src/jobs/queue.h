// The job queue: jobs are rows (model/job.h) so they survive restarts and
// are shared by every process on the same database; this class runs them.
//
// One dispatcher thread claims ready jobs for the types that have a free
// slot (each type has its own concurrency) and runs each on its own thread.
// It sleeps until something can have changed: a job enqueued by this
// process, a slot freed, a NOTIFY from another process (PostgreSQL, through
// db::ChangeListener calling notify()), the next delayed job's time, or the
// poll interval.
//
// Reliability rules:
//   - the handler's final database writes, the follow-up jobs it enqueues
//     and the `completed` mark are one transaction (JobRun::complete);
//   - a failure retries with exponential back-off until max_attempts, then
//     `failed` and the handler's on_failed();
//   - a job left `active` by a dead process is taken back: immediately when
//     the process was on this host (its pid is gone), otherwise when its
//     heartbeat is older than jobs.stale_after;
//   - stop() cancels running jobs (their child processes are killed) and
//     puts them back to `waiting` without using an attempt.
// Handlers must therefore be idempotent: write outputs under names derived
// from the job and replace what a previous attempt left.
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include "core/config.h"
#include "db/database.h"
#include "model/job.h"

namespace vv::jobs {

class JobQueue;

// Thrown by a handler when trying again cannot help (a file ffmpeg cannot
// decode): the job fails at once, whatever attempts it has left.
struct PermanentJobError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What a running job sees.
class JobRun {
public:
  const model::Job& job() const { return job_; }
  const boost::json::object& payload() const { return payload_; }
  // 0..100; written at most once a second.
  void progress(int percent);
  bool cancelled() const { return cancel_->load(); }
  const std::atomic<bool>& cancel_flag() const { return *cancel_; }
  // Commits the handler's final writes and the `completed` mark in one
  // transaction (throws if cancelled). A handler that returns without
  // calling it is completed with no other write.
  void complete(const std::function<void(soci::session&)>& f);
  int priority() const { return job_.priority; }

private:
  friend class JobQueue;
  JobQueue* queue_ = nullptr;
  model::Job job_;
  boost::json::object payload_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  bool completed_ = false;
  int64_t last_progress_ms_ = 0;
  int last_progress_ = -1;
};

class JobHandler {
public:
  virtual ~JobHandler() = default;
  // Throws to fail the attempt.
  virtual void run(JobRun& run) = 0;
  // After the last attempt failed (in its own transaction).
  virtual void on_failed(soci::session& s, const model::Job& job, const std::string& error) {}
};

struct JobTypeOptions {
  int concurrency = 1;
  int max_attempts = 1;
  int64_t backoff_ms = 1000;  // first retry delay, doubled each attempt
};

class JobQueue {
public:
  JobQueue(db::Database& db, const Config& cfg);
  ~JobQueue();

  void register_handler(const std::string& type, std::shared_ptr<JobHandler> h, JobTypeOptions o);

  // Enqueues inside the caller's transaction; call notify() after commit
  // (PostgreSQL processes are woken by NOTIFY at commit anyway).
  int64_t enqueue(soci::session& s, model::NewJob j);
  void notify();

  void start();  // recover jobs of dead processes, start the dispatcher
  void stop();

  // Cancels the running jobs of a video (deleted): their processes are killed
  // and they end without retry.
  void cancel_video_jobs(int64_t video_id);

  const JobTypeOptions* options(const std::string& type) const;
  const std::string& node() const { return node_; }

private:
  friend class JobRun;
  void dispatch_loop();
  void run_job(model::Job job, std::shared_ptr<std::atomic<bool>> cancel);
  void recover();
  std::vector<std::string> types_with_free_slots();

  db::Database& db_;
  std::string node_;
  int64_t poll_ms_, heartbeat_ms_, stale_after_ms_, keep_finished_ms_;
  bool enabled_;

  struct Type {
    std::shared_ptr<JobHandler> handler;
    JobTypeOptions options;
    int running = 0;
  };
  std::map<std::string, Type> types_;

  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false, wake_ = false;
  struct Running {
    int64_t video_id = 0;
    std::shared_ptr<std::atomic<bool>> cancel;
    bool cancelled_by_video = false;
  };
  std::map<int64_t, Running> running_;  // job id ->
  std::thread dispatcher_;
};

}  // namespace vv::jobs
