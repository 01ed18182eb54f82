// Wiring of one running instance: configuration, database (migrated), the
// root user on first start, routes, filters and the HTTP server.
#pragma once
#include <memory>
#include <string>

#include "api/context.h"
#include "core/config.h"
#include "db/database.h"

namespace vv::app {

Config load_config(const std::string& user_file);

struct Instance {
  std::unique_ptr<ConfigHolder> config;
  std::unique_ptr<db::Database> db;
  std::unique_ptr<api::ApiContext> ctx;
};

// Opens the database, applies migrations and the stored custom config.
Instance open_instance(const std::string& config_file);
// Creates `root` when there is no user yet; prints a generated password.
void ensure_root_user(Instance& inst);
// Serves until SIGTERM/SIGINT. Returns the process exit code.
int serve(Instance& inst);

}  // namespace vv::app
