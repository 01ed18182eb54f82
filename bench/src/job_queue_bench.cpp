// Empty-job throughput of the job queue on SQLite or PostgreSQL, beside a
// baseline measured in the same run: the bare database work one job needs
// (insert, claim update, complete update), each its own transaction, in a
// loop on one connection. The ratio shows what the queue machinery costs.
//
//   bench_job_queue sqlite DIR [N]
//   bench_job_queue postgres "host=... port=... dbname=... user=..." [N]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <spdlog/spdlog.h>

#include "core/clock.h"
#include "db/database.h"
#include "db/migrations.h"
#include "jobs/queue.h"
#include "model/job.h"

using namespace vv;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s sqlite DIR [N] | postgres CONNINFO-YAML-FIELDS [N]\n", argv[0]);
    return 2;
  }
  spdlog::set_level(spdlog::level::warn);
  std::string engine = argv[1], where = argv[2];
  int n = argc > 3 ? std::atoi(argv[3]) : 2000;
  std::string yaml;
  if (engine == "sqlite") {
    std::filesystem::create_directories(where);
    yaml = "storage: {root: '" + where + "'}\ndatabase: {type: sqlite}\n";
  } else {
    yaml = where + "\n";  // "database: {type: postgres, hostname: ..., port: ..., name: ..., username: postgres}"
  }
  yaml += "jobs: {poll_interval: 1000}\n";
  Config cfg = Config::from_yaml(yaml);
  auto db = db::Database::open(cfg, 8);
  db::migrate(*db);
  db->write([](soci::session& s) { s << "DELETE FROM jobs"; });

  // Baseline: the three statements of a job, done inline.
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    int64_t id = db->write([&](soci::session& s) {
      model::NewJob j;
      j.type = "baseline";
      return model::insert_job(s, db->dialect(), j, now_ms());
    });
    db->write([&](soci::session& s) {
      long long jid = id, t = now_ms();
      std::string node = "bench";
      s << "UPDATE jobs SET state = 'active', attempts = attempts + 1, processed_on = :t, locked_by = :n WHERE id = :id",
          soci::use(t), soci::use(node), soci::use(jid);
    });
    db->write([&](soci::session& s) { model::complete_job(s, id, "bench", now_ms()); });
  }
  double base = n / seconds_since(t0);

  // The queue: N jobs enqueued, then run by the dispatcher (concurrency 4).
  db->write([](soci::session& s) { s << "DELETE FROM jobs"; });
  jobs::JobQueue q(*db, cfg);
  struct Counting : jobs::JobHandler {
    std::atomic<int> done{0};
    void run(jobs::JobRun&) override { ++done; }
  };
  auto h = std::make_shared<Counting>();
  q.register_handler("noop", h, {4, 1, 1000});
  for (int i = 0; i < n; ++i)
    db->write([&](soci::session& s) {
      model::NewJob j;
      j.type = "noop";
      q.enqueue(s, j);
    });
  auto t1 = std::chrono::steady_clock::now();
  q.start();
  while (true) {
    long long left = 1;
    db->read([&](soci::session& s) { s << "SELECT COUNT(*) FROM jobs WHERE state <> 'completed'", soci::into(left); });
    if (left == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  double ours = n / seconds_since(t1);
  q.stop();
  std::printf("job queue (%s, %d empty jobs): %.0f jobs/s   baseline (bare statements): %.0f jobs/s   ratio %.2f\n",
              engine.c_str(), n, ours, base, ours / base);
  return 0;
}
