// The job queue against a real SQLite database: order, retries, failure,
// recovery of jobs left by a dead process, pause.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "core/clock.h"
#include "core/crypto.h"
#include "db/database.h"
#include "db/migrations.h"
#include "jobs/queue.h"
#include "model/job.h"

using namespace vv;
using namespace std::chrono_literals;

namespace {

struct QueueFixture : ::testing::Test {
  std::filesystem::path root = std::filesystem::temp_directory_path() / ("vv-jobs-" + random_hex(6));
  Config cfg = Config::from_yaml("storage: {root: '" + root.string() +
                                 "'}\ndatabase: {type: sqlite}\njobs: {poll_interval: 50, heartbeat_interval: 100, "
                                 "stale_after: 500}\n");
  std::unique_ptr<db::Database> db;
  void SetUp() override {
    std::filesystem::create_directories(root);
    db = db::Database::open(cfg, 6);
    db::migrate(*db);
  }
  void TearDown() override {
    db.reset();
    std::filesystem::remove_all(root);
  }
  int64_t add(jobs::JobQueue& q, const std::string& type, int priority = 100, int64_t delay = 0) {
    return db->write([&](soci::session& s) {
      model::NewJob j;
      j.type = type;
      j.priority = priority;
      j.delay_ms = delay;
      return q.enqueue(s, j);
    });
  }
  model::Job job(int64_t id) {
    return *db->read([&](soci::session& s) { return model::find_job(s, id); });
  }
  bool wait_state(int64_t id, const std::string& state, std::chrono::milliseconds max = 5s) {
    auto end = std::chrono::steady_clock::now() + max;
    while (std::chrono::steady_clock::now() < end) {
      if (job(id).state == state) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }
};

struct Recorder : jobs::JobHandler {
  std::mutex m;
  std::vector<int64_t> order;
  int fail_first = 0;  // attempts that throw
  std::atomic<int> failed_calls{0};
  void run(jobs::JobRun& r) override {
    {
      std::lock_guard l(m);
      order.push_back(r.job().id);
    }
    if (r.job().attempts <= fail_first) throw std::runtime_error("boom " + std::to_string(r.job().attempts));
  }
  void on_failed(soci::session&, const model::Job&, const std::string&) override { ++failed_calls; }
};

}  // namespace

TEST_F(QueueFixture, RunsByPriorityThenAge) {
  jobs::JobQueue q(*db, cfg);
  auto h = std::make_shared<Recorder>();
  q.register_handler("t", h, {1, 1, 10});
  int64_t a = add(q, "t", 100), b = add(q, "t", 50), c = add(q, "t", 100);
  q.start();
  ASSERT_TRUE(wait_state(c, "completed"));
  q.stop();
  EXPECT_EQ(h->order, (std::vector<int64_t>{b, a, c}));
  EXPECT_EQ(job(a).progress, 100);
  EXPECT_TRUE(job(a).finished_on.has_value());
}

TEST_F(QueueFixture, RetriesWithBackoffThenFails) {
  jobs::JobQueue q(*db, cfg);
  auto h = std::make_shared<Recorder>();
  h->fail_first = 99;
  q.register_handler("t", h, {1, 3, 20});
  int64_t id = add(q, "t");
  q.start();
  ASSERT_TRUE(wait_state(id, "failed"));
  q.stop();
  auto j = job(id);
  EXPECT_EQ(j.attempts, 3);
  EXPECT_EQ(j.error, "boom 3");
  EXPECT_EQ(h->failed_calls.load(), 1);
}

TEST_F(QueueFixture, SucceedsOnASecondAttempt) {
  jobs::JobQueue q(*db, cfg);
  auto h = std::make_shared<Recorder>();
  h->fail_first = 1;
  q.register_handler("t", h, {1, 2, 20});
  int64_t id = add(q, "t");
  q.start();
  ASSERT_TRUE(wait_state(id, "completed"));
  q.stop();
  EXPECT_EQ(job(id).attempts, 2);
  EXPECT_EQ(h->failed_calls.load(), 0);
}

TEST_F(QueueFixture, DelayedJobsWait) {
  jobs::JobQueue q(*db, cfg);
  auto h = std::make_shared<Recorder>();
  q.register_handler("t", h, {1, 1, 10});
  int64_t id = add(q, "t", 100, 300);
  EXPECT_EQ(job(id).state, "delayed");
  auto start = std::chrono::steady_clock::now();
  q.start();
  ASSERT_TRUE(wait_state(id, "completed"));
  q.stop();
  EXPECT_GE(std::chrono::steady_clock::now() - start, 250ms);
}

TEST_F(QueueFixture, JobsOfADeadProcessAreTakenBack) {
  // A job left active by a process of this host that no longer exists.
  int64_t id = db->write([&](soci::session& s) {
    model::NewJob j;
    j.type = "t";
    j.max_attempts = 2;
    return model::insert_job(s, db->dialect(), j, now_ms());
  });
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  db->write([&](soci::session& s) {
    auto claimed = model::claim_jobs(s, db->dialect(), "t", std::string(host) + ":999999:dead", now_ms(), 1);
    ASSERT_EQ(claimed.size(), 1u);
  });
  EXPECT_EQ(job(id).state, "active");
  jobs::JobQueue q(*db, cfg);
  auto h = std::make_shared<Recorder>();
  q.register_handler("t", h, {1, 2, 10});
  q.start();
  ASSERT_TRUE(wait_state(id, "completed"));
  q.stop();
  EXPECT_EQ(job(id).attempts, 2);
}

TEST_F(QueueFixture, PausedQueueTakesNothing) {
  jobs::JobQueue q(*db, cfg);
  auto h = std::make_shared<Recorder>();
  q.register_handler("t", h, {1, 1, 10});
  db->write([](soci::session& s) { model::set_queue_paused(s, true); });
  int64_t id = add(q, "t");
  q.start();
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(job(id).state, "waiting");
  db->write([](soci::session& s) { model::set_queue_paused(s, false); });
  q.notify();
  ASSERT_TRUE(wait_state(id, "completed"));
  q.stop();
}

TEST_F(QueueFixture, ConcurrencyPerType) {
  jobs::JobQueue q(*db, cfg);
  struct Slow : jobs::JobHandler {
    std::atomic<int> running{0}, peak{0};
    void run(jobs::JobRun&) override {
      int now = ++running;
      int p = peak.load();
      while (now > p && !peak.compare_exchange_weak(p, now)) {
      }
      std::this_thread::sleep_for(60ms);
      --running;
    }
  };
  auto h = std::make_shared<Slow>();
  q.register_handler("t", h, {2, 1, 10});
  std::vector<int64_t> ids;
  for (int i = 0; i < 6; ++i) ids.push_back(add(q, "t"));
  q.start();
  for (auto id : ids) ASSERT_TRUE(wait_state(id, "completed"));
  q.stop();
  EXPECT_EQ(h->peak.load(), 2);
}

TEST_F(QueueFixture, FinishedJobsArePrunedAfterTheirTime) {
  int64_t now = now_ms();
  auto add_finished = [&](const char* state, int64_t finished) {
    return db->write([&](soci::session& s) {
      model::NewJob j;
      j.type = "t";
      int64_t id = model::insert_job(s, db->dialect(), j, now);
      model::claim_jobs(s, db->dialect(), "t", "me", now, 1);
      if (std::string(state) == "completed") model::complete_job(s, id, "me", finished);
      else model::fail_job(s, id, "me", "boom", finished);
      return id;
    });
  };
  int64_t old_done = add_finished("completed", now - 3 * 86'400'000LL);
  int64_t old_failed = add_finished("failed", now - 3 * 86'400'000LL);
  int64_t recent = add_finished("completed", now - 1000);
  int64_t waiting = db->write([&](soci::session& s) {
    model::NewJob j;
    j.type = "t";
    return model::insert_job(s, db->dialect(), j, now - 10 * 86'400'000LL);
  });
  int n = db->write([&](soci::session& s) { return model::prune_jobs(s, now - 2 * 86'400'000LL); });
  EXPECT_EQ(n, 2);
  auto exists = [&](int64_t id) { return db->read([&](soci::session& s) { return model::find_job(s, id).has_value(); }); };
  EXPECT_FALSE(exists(old_done));
  EXPECT_FALSE(exists(old_failed));
  EXPECT_TRUE(exists(recent));
  EXPECT_TRUE(exists(waiting));  // never pruned: not finished
}

TEST_F(QueueFixture, StaleHeartbeatOfAnotherHostIsTakenBack) {
  int64_t now = now_ms();
  int64_t id = db->write([&](soci::session& s) {
    model::NewJob j;
    j.type = "t";
    j.max_attempts = 1;
    return model::insert_job(s, db->dialect(), j, now - 20'000);
  });
  // Claimed by a process of another host, silent for 10 s.
  db->write([&](soci::session& s) {
    model::claim_jobs(s, db->dialect(), "t", "other-host:1:x", now, 1);
    s << "UPDATE jobs SET heartbeat_at = heartbeat_at - 10000";
  });
  // Fresh heartbeat: left alone. Stale: the last attempt is used up, so failed.
  EXPECT_EQ(db->write([&](soci::session& s) { return model::recover_jobs(s, "me", now - 60'000, {}, now); }).size(), 0u);
  EXPECT_EQ(job(id).state, "active");
  // Our own jobs are never "stale" to us.
  EXPECT_EQ(db->write([&](soci::session& s) { return model::recover_jobs(s, "other-host:1:x", now - 5'000, {}, now); }).size(), 0u);
  auto failed = db->write([&](soci::session& s) { return model::recover_jobs(s, "me", now - 5'000, {}, now); });
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].id, id);
  EXPECT_EQ(job(id).state, "failed");
  EXPECT_NE(job(id).error.find("stopped before it finished"), std::string::npos);
}

TEST_F(QueueFixture, AJobTakenBackCannotBeCompletedByItsFormerHolder) {
  int64_t now = now_ms();
  int64_t id = db->write([&](soci::session& s) {
    model::NewJob j;
    j.type = "t";
    j.max_attempts = 3;
    return model::insert_job(s, db->dialect(), j, now - 20'000);
  });
  db->write([&](soci::session& s) {
    model::claim_jobs(s, db->dialect(), "t", "slow", now, 1);
    s << "UPDATE jobs SET heartbeat_at = heartbeat_at - 10000";  // silent for 10 s
  });
  db->write([&](soci::session& s) { model::recover_jobs(s, "other", now - 5'000, {}, now); });
  EXPECT_EQ(job(id).state, "waiting");
  db->write([&](soci::session& s) { model::claim_jobs(s, db->dialect(), "t", "other", now, 1); });
  // The slow one wakes up: none of its transitions apply.
  EXPECT_FALSE(db->write([&](soci::session& s) { return model::complete_job(s, id, "slow", now); }));
  EXPECT_FALSE(db->write([&](soci::session& s) { return model::retry_job(s, id, "slow", "late", now); }));
  EXPECT_FALSE(db->write([&](soci::session& s) { return model::fail_job(s, id, "slow", "late", now); }));
  EXPECT_EQ(job(id).state, "active");
  EXPECT_EQ(job(id).locked_by, "other");
  EXPECT_TRUE(db->write([&](soci::session& s) { return model::complete_job(s, id, "other", now); }));
  EXPECT_EQ(job(id).state, "completed");
}
