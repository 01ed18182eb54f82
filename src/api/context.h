// What every controller needs: the live configuration and the database.
#pragma once
#include <string>

#include "core/config.h"
#include "db/database.h"

namespace vv::jobs {
class JobQueue;
}

namespace vv::api {

struct ApiContext {
  ApiContext(ConfigHolder& c, db::Database& d)
      : config(c), db(d), base_url_(c.get()->webserver_url()), host_(c.get()->webserver_host()) {}

  ConfigHolder& config;
  db::Database& db;
  // The job queue of this process (set by `serve`; null in admin commands,
  // which then only write job rows for a server to run).
  jobs::JobQueue* jobs = nullptr;

  std::shared_ptr<const Config> cfg() const { return config.get(); }
  // webserver.* cannot change while running (it is not in the custom
  // config), so the public URL is computed once, not per row.
  const std::string& base_url() const { return base_url_; }
  const std::string& host() const { return host_; }

private:
  std::string base_url_, host_;
};

}  // namespace vv::api
