// Accounts (a Person actor, owned by a local user or living on another
// instance) and video channels (a Group actor owned by an account).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "model/actor.h"

namespace vv::model {

struct Account {
  int64_t id = 0;
  std::optional<int64_t> user_id;
  std::string display_name, description;
  int64_t created_at = 0, updated_at = 0;
  Actor actor;
};

struct Channel {
  int64_t id = 0;
  int64_t account_id = 0;
  std::string display_name, description, support;
  int64_t created_at = 0, updated_at = 0;
  Actor actor;
  std::optional<Account> owner;  // filled when asked for
};

struct Page {
  int64_t start = 0;
  int64_t count = 15;
  std::string sort = "-createdAt";
};

// Splits "name" or "name@host" (host = our own host means local).
struct Handle {
  std::string name;
  std::optional<std::string> host;
};
Handle parse_handle(const std::string& handle, const std::string& local_host);

int64_t insert_account(soci::session& s, int64_t actor_id, std::optional<int64_t> user_id, const std::string& display_name);
std::optional<Account> find_account(soci::session& s, int64_t id);
std::optional<Account> find_account_by_handle(soci::session& s, const Handle& h);
std::optional<Account> find_account_of_user(soci::session& s, int64_t user_id);
std::vector<Account> list_accounts(soci::session& s, const Page& p, int64_t* total);
void update_account(soci::session& s, int64_t id, const std::optional<std::string>& display_name,
                    const std::optional<std::string>& description);

int64_t insert_channel(soci::session& s, int64_t actor_id, int64_t account_id, const std::string& display_name,
                       const std::string& description, const std::string& support);
std::optional<Channel> find_channel(soci::session& s, int64_t id);
std::optional<Channel> find_channel_by_handle(soci::session& s, const Handle& h);
std::vector<Channel> list_channels(soci::session& s, const Page& p, std::optional<int64_t> account_id, int64_t* total);
int64_t count_channels_of_account(soci::session& s, int64_t account_id);
void update_channel(soci::session& s, int64_t id, const std::optional<std::string>& display_name,
                    const std::optional<std::string>& description, const std::optional<std::string>& support);
void delete_channel(soci::session& s, const Channel& c);

}  // namespace vv::model
