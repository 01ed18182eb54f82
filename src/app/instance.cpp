#include "app/instance.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <thread>

#include <spdlog/spdlog.h>

#include "api/privileged_tokens.h"
#include "api/routes.h"
#include "api/video_maintenance.h"
#include "jobs/periodic.h"
#include "jobs/queue.h"
#include "jobs/video_pipeline.h"
#include "api/users_common.h"
#include "app/default_config.h"
#include "core/crypto.h"
#include "db/change_listener.h"
#include "db/migrations.h"
#include "http/cors_filter.h"
#include "http/problem.h"
#include "http/rate_limit_filter.h"
#include "http/server.h"
#include "media/image.h"
#include "web/web_client.h"
#include "model/custom_config.h"
#include "model/playlist.h"
#include "model/user.h"

namespace vv::app {

Config load_config(const std::string& user_file) {
  std::string user_yaml;
  if (!user_file.empty()) {
    std::ifstream in(user_file);
    if (!in) throw std::runtime_error("cannot read config file " + user_file);
    user_yaml.assign(std::istreambuf_iterator<char>(in), {});
  }
  return Config::from_yaml(kDefaultConfigYaml, user_yaml);
}

static size_t worker_count(const Config& cfg) {
  int64_t n = cfg.integer("server.worker_threads", 0);
  if (n > 0) return static_cast<size_t>(n);
  return std::max<size_t>(8, 4 * std::max(1u, std::thread::hardware_concurrency()));
}

Instance open_instance(const std::string& config_file) {
  Instance inst;
  Config base = load_config(config_file);
  std::string level = base.str("log.level", "info");
  spdlog::set_level(spdlog::level::from_str(level));
  std::filesystem::create_directories(base.storage_root());
  inst.config = std::make_unique<ConfigHolder>(base);
  // One connection per worker thread, so a handler never waits for one, plus
  // the job dispatcher, the running jobs and the periodic tasks.
  inst.db = db::Database::open(base, worker_count(base) + 4 + base.integer("transcoding.concurrency", 1) * 2);
  int applied = db::migrate(*inst.db);
  if (applied) spdlog::info("applied {} migration(s)", applied);
  inst.db->write([&](soci::session& s) { model::ensure_watch_later_playlists(s, base.webserver_url()); });
  if (auto overlay = inst.db->read([](soci::session& s) { return model::load_custom_config(s); }))
    inst.config->apply_overlay(YAML::Load(*overlay));
  inst.ctx = std::make_unique<api::ApiContext>(*inst.config, *inst.db);
  return inst;
}

void ensure_root_user(Instance& inst) {
  bool any = inst.db->read([](soci::session& s) { return model::count_users(s) > 0; });
  if (any) return;
  api::NewUserRequest nu;
  nu.username = "root";
  nu.email = inst.config->get()->str("admin.email", "admin@example.com");
  const char* env = std::getenv("PT_INITIAL_ROOT_PASSWORD");
  bool generated = !env || !*env;
  nu.password = generated ? random_hex(12) : env;
  nu.role = 0;
  nu.email_verified = true;
  api::create_user(*inst.ctx, nu, -1);
  if (generated) {
    std::cout << "\n  Created the administrator account.\n    username: root\n    password: " << nu.password
              << "\n  (shown once; change it with `vidiverse reset-password --username root`)\n"
              << std::endl;
  } else {
    spdlog::info("created user root with the password from PT_INITIAL_ROOT_PASSWORD");
  }
}

static std::vector<http::RateLimitRule> rate_limit_rules(const Config& cfg) {
  auto rule = [&](const std::string& name, std::string method, std::string path, bool exact) {
    http::RateLimitRule r;
    r.name = name;
    r.method = std::move(method);
    r.path_prefix = std::move(path);
    r.exact = exact;
    r.window_ms = cfg.duration_ms("rates_limit." + name + ".window", 10'000);
    r.max = cfg.integer("rates_limit." + name + ".max", 50);
    return r;
  };
  return {
      rule("login", "POST", "/api/v1/users/token", true),
      [&] { auto r = rule("signup", "POST", "/api/v1/users/register", true); r.skip_failed = true; return r; }(),
      rule("ask_send_email", "POST", "/api/v1/users/ask-send-verify-email", true),
      rule("receive_client_log", "POST", "/api/v1/server/logs/client", true),
      rule("plugins", "", "/plugins/", false),
      rule("well_known", "", "/.well-known/", false),
      rule("feeds", "", "/feeds/", false),
      rule("api", "", "/api/", false),
  };
}

int serve(Instance& inst) {
  auto cfg = inst.config->get();
  ensure_root_user(inst);

  http::Router router;
  api::register_all_routes(router, *inst.ctx);
  router.get("/api/v1/ping", [](http::Request&) { return http::Response::text("pong"); }, {.run_inline = true});
  web::register_web_client_routes(router, *inst.ctx);  // last: it takes every other GET

  http::ServerOptions opts;
  opts.host = cfg->str("listen.hostname", "127.0.0.1");
  opts.port = static_cast<uint16_t>(cfg->integer("listen.port", 9000));
  opts.io_threads = static_cast<int>(cfg->integer("server.io_threads", 0));
  opts.worker_threads = static_cast<int>(worker_count(*cfg));
  opts.idle_timeout = std::chrono::seconds(cfg->duration_ms("server.idle_timeout", 60'000) / 1000);
  opts.drain_timeout = std::chrono::seconds(cfg->duration_ms("server.drain_timeout", 15'000) / 1000);
  opts.access_log = cfg->boolean("server.access_log", true);
  opts.trust_loopback_proxy = false;
  for (const auto& t : cfg->node("trust_proxy"))
    if (t.as<std::string>() == "loopback") opts.trust_loopback_proxy = true;

  std::vector<std::shared_ptr<http::Filter>> filters = {
      std::make_shared<http::CorsFilter>(),
      std::make_shared<http::RateLimitFilter>(rate_limit_rules(*cfg), [](const http::Request& req) {
        std::string_view h = req.header("authorization");
        return h.size() > 7 && api::privileged_tokens().contains(h.substr(7));
      }),
  };
  // Anonymous GETs of cacheable routes are answered from memory until the
  // next database write or configuration change.
  opts.fallback = [](http::Request& req) -> http::Response {
    // PeerTube answers 400 to any unknown path under /api/.
    if (req.path.starts_with("/api/")) return http::problem(400, "Unknown API route " + req.method + " " + req.path);
    return http::problem(404, "Not found");
  };
  opts.cache_generation = [&inst] { return inst.db->write_generation() + inst.config->generation(); };
  jobs::PeriodicTasks periodic;
  periodic.add("scheduled video updates", std::chrono::milliseconds(cfg->duration_ms("scheduler.video_updates_interval", 10'000)),
               [&inst] { api::run_scheduled_updates(*inst.ctx); });
  periodic.add("abandoned resumable uploads", std::chrono::hours(1), [&inst, cfg] {
    api::remove_stale_uploads(*inst.ctx, cfg->duration_ms("scheduler.resumable_upload_lifetime", 86'400'000));
  });
  periodic.start();
  jobs::JobQueue queue(*inst.db, *cfg);
  jobs::register_pipeline_jobs(queue, *inst.ctx);
  inst.ctx->jobs = &queue;
  queue.start();
  // Other processes on the same PostgreSQL database: their jobs wake our
  // workers, their writes drop our response caches.
  db::ChangeListener changes(inst.db->conninfo());
  changes.on("vidiverse_jobs", [&queue](const std::string&) { queue.notify(); });
  changes.on("vidiverse_writes", [&inst](const std::string& writer) {
    if (writer != inst.db->writer_id()) inst.db->note_external_write();
  });
  changes.start();
  http::Server server(opts, router, filters);
  uint16_t port = server.bind();
  std::cout << "Vidiverse " VIDIVERSE_VERSION " listening on http://" << opts.host << ":" << port
            << "  (public URL " << cfg->webserver_url() << ")" << std::endl;
  server.run();
  changes.stop();
  queue.stop();
  inst.ctx->jobs = nullptr;
  periodic.stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace vv::app
