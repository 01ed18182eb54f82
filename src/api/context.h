// What every controller needs: the live configuration and the database.
#pragma once
#include <string>

#include "core/config.h"
#include "db/database.h"

namespace vv::api {

struct ApiContext {
  ConfigHolder& config;
  db::Database& db;

  std::shared_ptr<const Config> cfg() const { return config.get(); }
  std::string base_url() const { return config.get()->webserver_url(); }
  std::string host() const { return config.get()->webserver_host(); }
};

}  // namespace vv::api
