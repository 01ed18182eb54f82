// vidiverse: one binary, several subcommands (serve, migrate, reset-password,
// create-user).
#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "api/users_common.h"
#include "app/instance.h"
#include "core/crypto.h"
#include "db/migrations.h"
#include "model/oauth.h"
#include "model/user.h"

using namespace vv;

static std::string read_password(const std::string& prompt) {
  if (const char* env = std::getenv("VIDIVERSE_NEW_PASSWORD"); env && *env) return env;
  std::cerr << prompt << std::flush;
  std::string pw;
  std::getline(std::cin, pw);
  return pw;
}

int main(int argc, char** argv) {
  // A peer that goes away while sendfile() writes to its socket must be an
  // EPIPE for that connection, not a SIGPIPE that kills the whole server.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App cli{"Vidiverse: a federated video platform server compatible with PeerTube"};
  cli.require_subcommand(1);
  std::string config_file;
  cli.add_option("-c,--config", config_file, "YAML configuration merged over the defaults")->check(CLI::ExistingFile);

  auto* serve = cli.add_subcommand("serve", "Run the server");
  auto* migrate = cli.add_subcommand("migrate", "Apply database migrations and exit");
  auto* reset = cli.add_subcommand("reset-password", "Set a user's password (read from stdin or VIDIVERSE_NEW_PASSWORD)");
  std::string reset_user;
  reset->add_option("-u,--username", reset_user, "User name")->required();
  auto* create = cli.add_subcommand("create-user", "Create a user");
  std::string cu_name, cu_email, cu_role = "user";
  create->add_option("--username", cu_name)->required();
  create->add_option("--email", cu_email)->required();
  create->add_option("--role", cu_role, "administrator, moderator or user")->check(CLI::IsMember({"administrator", "moderator", "user"}));
  for (auto* sub : {serve, migrate, reset, create})
    sub->add_option("-c,--config", config_file, "YAML configuration merged over the defaults")->check(CLI::ExistingFile);

  CLI11_PARSE(cli, argc, argv);

  try {
    auto inst = app::open_instance(config_file);
    if (*serve) return app::serve(inst);
    if (*migrate) {
      std::cout << "schema version " << db::schema_version(*inst.db) << std::endl;
      return 0;
    }
    if (*reset) {
      std::string pw = read_password("New password for " + reset_user + ": ");
      if (pw.size() < 6 || pw.size() > 255) {
        std::cerr << "The password must have 6 to 255 characters." << std::endl;
        return 2;
      }
      std::string hash = bcrypt_hash(pw);
      bool ok = inst.db->write([&](soci::session& s) {
        auto u = model::find_user_by_username(s, reset_user);
        if (!u) return false;
        u->password_hash = hash;
        model::save_user(s, *u);
        model::delete_tokens_of_user(s, u->id);
        return true;
      });
      if (!ok) {
        std::cerr << "No user named " << reset_user << std::endl;
        return 1;
      }
      std::cout << "Password of " << reset_user << " updated." << std::endl;
      return 0;
    }
    if (*create) {
      api::NewUserRequest nu;
      nu.username = cu_name;
      nu.email = cu_email;
      nu.password = read_password("Password for " + cu_name + ": ");
      nu.role = cu_role == "administrator" ? 0 : cu_role == "moderator" ? 1 : 2;
      nu.email_verified = true;
      auto created = api::create_user(*inst.ctx, nu, -1);
      std::cout << "Created user " << cu_name << " (id " << created.user_id << ")" << std::endl;
      return 0;
    }
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    std::cerr << "vidiverse: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
