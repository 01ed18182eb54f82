#include "model/job.h"

#include <algorithm>

namespace vv::model {

namespace {

const char* kColumns =
    "id, type, state, priority, payload, video_id, parent_id, progress, attempts, max_attempts, error, run_at, "
    "created_at, processed_on, finished_on, locked_by";

Job job_from_row(const soci::row& r) {
  Job j;
  j.id = db::get_i64(r, 0);
  j.type = db::get_str(r, 1);
  j.state = db::get_str(r, 2);
  j.priority = static_cast<int>(db::get_i64(r, 3));
  j.payload = db::get_str(r, 4, "{}");
  if (!db::is_null(r, 5)) j.video_id = db::get_i64(r, 5);
  if (!db::is_null(r, 6)) j.parent_id = db::get_i64(r, 6);
  j.progress = static_cast<int>(db::get_i64(r, 7));
  j.attempts = static_cast<int>(db::get_i64(r, 8));
  j.max_attempts = static_cast<int>(db::get_i64(r, 9));
  j.error = db::get_str(r, 10);
  j.run_at = db::get_i64(r, 11);
  j.created_at = db::get_i64(r, 12);
  if (!db::is_null(r, 13)) j.processed_on = db::get_i64(r, 13);
  if (!db::is_null(r, 14)) j.finished_on = db::get_i64(r, 14);
  j.locked_by = db::get_str(r, 15);
  return j;
}

// Heartbeats are stamped and judged with the database server's clock, the
// one clock every process sharing the queue agrees on (node clocks drift).
std::string db_now_ms(soci::session& s) {
  return s.get_backend_name() == "postgresql" ? "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"
                                              : "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)";
}

// Job types are our own constants, never user input; quoted anyway.
std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& t : items) {
    if (!out.empty()) out += ", ";
    out += '\'';
    for (char c : t) {
      if (c == '\'') out += '\'';
      out += c;
    }
    out += '\'';
  }
  return out;
}

}  // namespace

int64_t insert_job(soci::session& s, const db::Dialect& d, const NewJob& j, int64_t now) {
  long long run_at = now + j.delay_ms, created = now;
  std::string state = j.delay_ms > 0 ? "delayed" : "waiting";
  soci::indicator vind = j.video_id ? soci::i_ok : soci::i_null, pind = j.parent_id ? soci::i_ok : soci::i_null;
  long long vid = j.video_id.value_or(0), pid = j.parent_id.value_or(0);
  std::string sql =
      "INSERT INTO jobs (type, state, priority, payload, video_id, parent_id, max_attempts, run_at, created_at) "
      "VALUES (:t, :s, :p, :d, :v, :pa, :m, :r, :c)";
  long long id = 0;
  if (d.engine == db::Engine::postgres) {
    s << sql + " RETURNING id", soci::use(j.type), soci::use(state), soci::use(j.priority), soci::use(j.payload),
        soci::use(vid, vind), soci::use(pid, pind), soci::use(j.max_attempts), soci::use(run_at), soci::use(created),
        soci::into(id);
    // Wakes the workers of every process at commit.
    s << "SELECT pg_notify('vidiverse_jobs', '')";
  } else {
    s << sql, soci::use(j.type), soci::use(state), soci::use(j.priority), soci::use(j.payload), soci::use(vid, vind),
        soci::use(pid, pind), soci::use(j.max_attempts), soci::use(run_at), soci::use(created);
    s << "SELECT last_insert_rowid()", soci::into(id);
  }
  return id;
}

std::vector<Job> claim_jobs(soci::session& s, const db::Dialect& d, const std::string& type, const std::string& node,
                            int64_t now, int limit) {
  std::string t = std::to_string(now);
  std::string sql =
      "UPDATE jobs SET state = 'active', attempts = attempts + 1, processed_on = " + t + ", heartbeat_at = " + db_now_ms(s) +
      ", locked_by = :node, progress = 0 WHERE id IN (SELECT id FROM jobs WHERE state IN ('waiting', 'delayed') AND "
      "run_at <= " + t + " AND type = :type AND NOT EXISTS (SELECT 1 FROM job_queue_state WHERE paused = 1) "
      "ORDER BY priority, id LIMIT " + std::to_string(std::max(1, limit)) +
      (d.engine == db::Engine::postgres ? " FOR UPDATE SKIP LOCKED" : "") + ") RETURNING " + kColumns;
  std::vector<Job> out;
  db::for_each_row(s, sql, {node, type}, [&](const soci::row& r) { out.push_back(job_from_row(r)); });
  std::sort(out.begin(), out.end(), [](const Job& a, const Job& b) {
    return a.priority != b.priority ? a.priority < b.priority : a.id < b.id;
  });
  return out;
}

namespace {

// Runs an UPDATE of one job that must still be active and held by `node`;
// returns whether it was (another process may have taken it back).
bool update_owned(soci::session& s, const std::string& set_sql, int64_t id, const std::string& node,
                  std::vector<std::string> args) {
  args.push_back(std::to_string(id));
  args.push_back(node);
  std::string sql = "UPDATE jobs SET " + set_sql + " WHERE id = CAST(:id AS BIGINT) AND locked_by = :node AND state = 'active'";
  soci::statement st = (s.prepare << sql);
  for (auto& a : args) st.exchange(soci::use(a));
  st.define_and_bind();
  st.execute(true);
  return st.get_affected_rows() > 0;
}

}  // namespace

bool complete_job(soci::session& s, int64_t id, const std::string& node, int64_t now) {
  return update_owned(s, "state = 'completed', progress = 100, finished_on = CAST(:t AS BIGINT), locked_by = NULL", id,
                      node, {std::to_string(now)});
}

bool retry_job(soci::session& s, int64_t id, const std::string& node, const std::string& error, int64_t run_at) {
  return update_owned(s, "state = 'delayed', error = :e, run_at = CAST(:t AS BIGINT), locked_by = NULL", id, node,
                      {error, std::to_string(run_at)});
}

bool fail_job(soci::session& s, int64_t id, const std::string& node, const std::string& error, int64_t now) {
  return update_owned(s, "state = 'failed', error = :e, finished_on = CAST(:t AS BIGINT), locked_by = NULL", id, node,
                      {error, std::to_string(now)});
}

bool release_job(soci::session& s, int64_t id, const std::string& node) {
  return update_owned(s, "state = 'waiting', attempts = attempts - 1, locked_by = NULL, progress = 0", id, node, {});
}

void set_job_progress(soci::session& s, int64_t id, const std::string& node, int progress, int64_t now) {
  (void)now;
  update_owned(s, "progress = CAST(:p AS INTEGER), heartbeat_at = " + db_now_ms(s), id, node, {std::to_string(progress)});
}

void heartbeat_jobs(soci::session& s, const std::string& node, const std::vector<int64_t>& ids, int64_t now) {
  if (ids.empty()) return;
  std::string list;
  for (int64_t id : ids) list += (list.empty() ? "" : ",") + std::to_string(id);
  (void)now;
  s << "UPDATE jobs SET heartbeat_at = " + db_now_ms(s) + " WHERE locked_by = :n AND state = 'active' AND id IN (" +
           list + ")",
      soci::use(node);
}

std::vector<Job> recover_jobs(soci::session& s, const std::string& self, int64_t stale_before,
                              const std::vector<std::string>& dead_nodes, int64_t now) {
  // Stale heartbeats of other processes, or any job of a process known dead;
  // never our own running jobs (a slow heartbeat of ours is not a death).
  // stale_before is `now - stale_after` on this node's clock: only the
  // difference is used, against the database's clock.
  int64_t stale_after = now - stale_before;
  std::string cond = "(heartbeat_at < " + db_now_ms(s) + " - " + std::to_string(stale_after) + " AND locked_by <> :self)";
  if (!dead_nodes.empty()) cond = "(" + cond + " OR locked_by IN (" + quoted_list(dead_nodes) + "))";
  std::vector<Job> found;
  db::for_each_row(s, std::string("SELECT ") + kColumns + " FROM jobs WHERE state = 'active' AND " + cond, {self},
                   [&](const soci::row& r) { found.push_back(job_from_row(r)); });
  std::vector<Job> failed;
  long long t = now;
  for (auto& j : found) {
    long long jid = j.id;
    // A job that keeps killing its process must not loop forever.
    if (j.attempts >= j.max_attempts) {
      std::string error = "The process running the job stopped before it finished.";
      s << "UPDATE jobs SET state = 'failed', error = :e, finished_on = :t, locked_by = NULL, progress = 0 WHERE id = :id",
          soci::use(error), soci::use(t), soci::use(jid);
      j.state = "failed";
      j.error = error;
      failed.push_back(j);
    } else {
      s << "UPDATE jobs SET state = 'waiting', locked_by = NULL, progress = 0 WHERE id = :id", soci::use(jid);
    }
  }
  return failed;
}

std::vector<std::string> active_job_nodes(soci::session& s) {
  std::vector<std::string> out;
  db::for_each_row(s, "SELECT DISTINCT locked_by FROM jobs WHERE state = 'active' AND locked_by IS NOT NULL", {},
                   [&](const soci::row& r) { out.push_back(db::get_str(r, 0)); });
  return out;
}

std::optional<int64_t> next_run_at(soci::session& s) {
  long long t = 0;
  soci::indicator ind;
  s << "SELECT MIN(run_at) FROM jobs WHERE state IN ('waiting', 'delayed')", soci::into(t, ind);
  if (ind != soci::i_ok) return std::nullopt;
  return t;
}

void set_queue_paused(soci::session& s, bool paused) {
  int p = paused ? 1 : 0;
  s << "UPDATE job_queue_state SET paused = :p WHERE id = 1", soci::use(p);
}

std::vector<Job> list_jobs(soci::session& s, const JobListQuery& q, int64_t* total) {
  std::string where = "1 = 1";
  std::vector<std::string> args;
  if (!q.state.empty()) {
    // PeerTube pauses its workers, not its queues: waiting jobs stay
    // `waiting` and `paused` (like BullMQ's other states) lists nothing.
    std::string state = q.state;
    where += " AND state = ?";
    args.push_back(state);
  }
  if (!q.type.empty()) {
    where += " AND type = ?";
    args.push_back(q.type);
  }
  // SOCI binds by position with :names; rewrite ? into :a0, :a1...
  std::string w;
  int n = 0;
  for (char c : where) {
    if (c == '?') w += ":a" + std::to_string(n++);
    else w += c;
  }
  if (total) {
    db::for_each_row(s, "SELECT COUNT(*) FROM jobs WHERE " + w, args,
                     [&](const soci::row& r) { *total = db::get_i64(r, 0); });
  }
  std::vector<Job> out;
  auto page_args = args;
  page_args.push_back(std::to_string(q.count));
  page_args.push_back(std::to_string(q.start));
  db::for_each_row(s,
                   std::string("SELECT ") + kColumns + " FROM jobs WHERE " + w + " ORDER BY created_at " +
                       (q.newest_first ? "DESC" : "ASC") + ", id " + (q.newest_first ? "DESC" : "ASC") +
                       " LIMIT CAST(:lim AS INTEGER) OFFSET CAST(:off AS INTEGER)",
                   page_args, [&](const soci::row& r) { out.push_back(job_from_row(r)); });
  return out;
}

std::optional<Job> find_job(soci::session& s, int64_t id) {
  std::optional<Job> out;
  db::for_each_row(s, std::string("SELECT ") + kColumns + " FROM jobs WHERE id = CAST(:id AS BIGINT)",
                   {std::to_string(id)}, [&](const soci::row& r) { out = job_from_row(r); });
  return out;
}

int64_t pending_jobs_of_video(soci::session& s, int64_t video_id, const std::string& type, int64_t except_job) {
  long long vid = video_id, ex = except_job, n = 0;
  s << "SELECT COUNT(*) FROM jobs WHERE video_id = :v AND type = :t AND id <> :e AND state IN ('waiting', 'delayed', "
       "'active')",
      soci::use(vid), soci::use(type), soci::use(ex), soci::into(n);
  return n;
}

void delete_waiting_jobs_of_video(soci::session& s, int64_t video_id) {
  long long vid = video_id;
  s << "DELETE FROM jobs WHERE video_id = :v AND state IN ('waiting', 'delayed')", soci::use(vid);
}

int prune_jobs(soci::session& s, int64_t before) {
  long long t = before;
  soci::statement st = (s.prepare << "DELETE FROM jobs WHERE state IN ('completed', 'failed') AND finished_on < :t",
                        soci::use(t));
  st.execute(true);
  return static_cast<int>(st.get_affected_rows());
}

}  // namespace vv::model
