// Admin view of the job queue (PeerTube's /api/v1/jobs): list by state and
// type, pause and resume the whole queue.
#include <boost/json.hpp>

#include "api/auth.h"
#include "api/routes.h"
#include "api/validate.h"
#include "api/views.h"
#include "core/api_error.h"
#include "core/clock.h"
#include "jobs/queue.h"
#include "model/job.h"

namespace vv::api {

namespace json = boost::json;

// PeerTube's job states (BullMQ's), including those we never produce.
static bool valid_state(const std::string& s) {
  static const char* states[] = {"active", "completed", "failed", "waiting", "delayed", "paused", "waiting-children",
                                 "prioritized"};
  for (auto* st : states)
    if (s == st) return true;
  return false;
}

json::object job_json(const model::Job& j) {
  json::value data = json::object();
  try {
    data = json::parse(j.payload);
  } catch (...) {
  }
  json::object o{{"id", j.id},
                 {"state", j.state},
                 {"type", j.type},
                 {"data", data},
                 {"priority", j.priority},
                 {"progress", j.progress},
                 {"error", j.error.empty() ? json::value(nullptr) : json::value(j.error)},
                 {"createdAt", iso8601(j.created_at)},
                 {"finishedOn", j.finished_on ? json::value(iso8601(*j.finished_on)) : json::value(nullptr)},
                 {"processedOn", j.processed_on ? json::value(iso8601(*j.processed_on)) : json::value(nullptr)}};
  if (j.parent_id) o["parent"] = json::object{{"id", *j.parent_id}};
  return o;
}

static http::Response list(ApiContext& ctx, http::Request& req, const std::string& state) {
  require_right(ctx, req, Right::manage_jobs);
  if (!state.empty() && !valid_state(state))
    throw invalid_param("state", "Should have a valid job state", "path", json::value(state));
  model::JobListQuery q;
  q.state = state;
  if (auto t = req.query_param("jobType"); t && !t->empty()) {
    // PeerTube's job types, including those this instance does not run yet.
    static const char* types[] = {
        "activitypub-cleaner", "activitypub-follow", "activitypub-http-broadcast-parallel",
        "activitypub-http-broadcast", "activitypub-http-fetcher", "activitypub-http-unicast",
        "activitypub-refresher", "actor-keys", "after-video-channel-import", "email", "federate-video",
        "transcoding-job-builder", "manage-video-torrent", "move-to-object-storage", "move-to-file-system", "notify",
        "video-channel-import", "video-file-import", "video-import", "video-live-ending", "video-redundancy",
        "video-studio-edition", "video-transcoding", "videos-views-stats", "generate-video-storyboard",
        "create-user-export", "import-user-archive", "video-transcription"};
    bool known = false;
    for (auto* name : types) known = known || *t == name;
    if (!known) throw invalid_param("jobType", "Should have a valid job type", "query", json::value(*t));
    q.type = *t;
  }
  model::Page page = page_from_query(req, {"createdAt"}, "-createdAt");
  q.start = page.start;
  q.count = page.count;
  q.newest_first = page.sort != "createdAt";
  return ctx.db.read([&](soci::session& s) {
    int64_t total = 0;
    json::array data;
    for (const auto& j : model::list_jobs(s, q, &total)) data.push_back(job_json(j));
    return http::Response::json(list_json(total, std::move(data)));
  });
}

void register_jobs_routes(http::Router& r, ApiContext& ctx) {
  r.post("/api/v1/jobs/pause", [&ctx](http::Request& req) {
    require_right(ctx, req, Right::manage_jobs);
    ctx.db.write([](soci::session& s) { model::set_queue_paused(s, true); });
    return http::Response::no_content();
  });
  r.post("/api/v1/jobs/resume", [&ctx](http::Request& req) {
    require_right(ctx, req, Right::manage_jobs);
    ctx.db.write([&](soci::session& s) {
      model::set_queue_paused(s, false);
      if (ctx.db.engine() == db::Engine::postgres) s << "SELECT pg_notify('vidiverse_jobs', '')";
    });
    if (ctx.jobs) ctx.jobs->notify();
    return http::Response::no_content();
  });
  // GET /api/v1/jobs/ (empty state) lists every state.
  r.get("/api/v1/jobs", [&ctx](http::Request& req) { return list(ctx, req, ""); });
  r.get("/api/v1/jobs/", [&ctx](http::Request& req) { return list(ctx, req, ""); });
  r.get("/api/v1/jobs/:state", [&ctx](http::Request& req) { return list(ctx, req, req.param("state")); });
}

}  // namespace vv::api
