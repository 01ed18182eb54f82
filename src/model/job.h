// Rows of the `jobs` table: the persistent job queue shared by every server
// process on the same database. Claiming is one UPDATE ... RETURNING that
// picks the most urgent ready jobs and marks them active; on PostgreSQL the
// pick uses FOR UPDATE SKIP LOCKED so concurrent workers never take the
// same row, on SQLite the database's write lock serialises claims.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "db/database.h"

namespace vv::model {

struct Job {
  int64_t id = 0;
  std::string type, state;  // waiting, active, completed, failed, delayed
  int priority = 100;
  std::string payload;      // JSON object
  std::optional<int64_t> video_id, parent_id;
  int progress = 0, attempts = 0, max_attempts = 1;
  std::string error;
  int64_t run_at = 0, created_at = 0;
  std::optional<int64_t> processed_on, finished_on;
  std::string locked_by;
};

struct NewJob {
  std::string type;
  std::string payload = "{}";
  int priority = 100;  // lower runs first (PeerTube's convention)
  int64_t delay_ms = 0;
  int max_attempts = 1;
  std::optional<int64_t> video_id, parent_id;
};

int64_t insert_job(soci::session& s, const db::Dialect& d, const NewJob& j, int64_t now);

// Takes up to `limit` ready jobs of `type` in ONE statement (UPDATE ...
// RETURNING; SKIP LOCKED on PostgreSQL): atomic without a transaction.
std::vector<Job> claim_jobs(soci::session& s, const db::Dialect& d, const std::string& type, const std::string& node,
                            int64_t now, int limit);

// State changes of a running job. Each applies only while the job is still
// active and held by `node` (returns false otherwise: another process took
// it back, and must not have its result overwritten).
bool complete_job(soci::session& s, int64_t id, const std::string& node, int64_t now);
// Retry later (delayed) or give up (failed).
bool retry_job(soci::session& s, int64_t id, const std::string& node, const std::string& error, int64_t run_at);
bool fail_job(soci::session& s, int64_t id, const std::string& node, const std::string& error, int64_t now);
// A job interrupted by a shutdown goes back to waiting without using an attempt.
bool release_job(soci::session& s, int64_t id, const std::string& node);
void set_job_progress(soci::session& s, int64_t id, const std::string& node, int progress, int64_t now);

// Heartbeat of the jobs `node` is running (only those: a row it holds but
// no longer runs goes stale and is taken back).
void heartbeat_jobs(soci::session& s, const std::string& node, const std::vector<int64_t>& ids, int64_t now);
// Active jobs of other processes whose heartbeat is older than
// `stale_before`, or held by one of `dead_nodes`, are taken back: waiting
// again, or failed when they used their last attempt (returned, for the
// handlers' on_failed).
std::vector<Job> recover_jobs(soci::session& s, const std::string& self, int64_t stale_before,
                              const std::vector<std::string>& dead_nodes, int64_t now);
// Nodes that hold active jobs (to find dead processes on this host).
std::vector<std::string> active_job_nodes(soci::session& s);

// Earliest run_at of a delayed or waiting job (to sleep until then).
std::optional<int64_t> next_run_at(soci::session& s);

void set_queue_paused(soci::session& s, bool paused);

struct JobListQuery {
  std::string state;  // waiting, active, completed, failed, delayed, paused, "" = all
  std::string type;   // "" = all
  int64_t start = 0, count = 10;
  bool newest_first = true;  // sort -createdAt
};
std::vector<Job> list_jobs(soci::session& s, const JobListQuery& q, int64_t* total);
std::optional<Job> find_job(soci::session& s, int64_t id);

// Jobs still to run or running for a video, optionally of one type.
int64_t pending_jobs_of_video(soci::session& s, int64_t video_id, const std::string& type, int64_t except_job);
// Removes the not-yet-active jobs of a video (it is being deleted).
void delete_waiting_jobs_of_video(soci::session& s, int64_t video_id);

// Deletes completed and failed jobs finished before `before`.
int prune_jobs(soci::session& s, int64_t before);

}  // namespace vv::model
