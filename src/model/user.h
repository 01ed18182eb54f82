// Local users. Creating one also creates its account (Person actor) and its
// default channel (Group actor), each with an RSA key pair, in one transaction.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "model/account.h"

namespace vv::model {

enum class Role { administrator = 0, moderator = 1, user = 2 };
const char* role_label(int role);

struct User {
  int64_t id = 0;
  std::string username, email;
  std::optional<std::string> pending_email;
  std::string password_hash;
  int role = 2;
  int admin_flags = 0;
  int64_t video_quota = -1, video_quota_daily = -1;
  bool blocked = false;
  std::optional<std::string> blocked_reason;
  std::optional<bool> email_verified;
  bool email_public = false;
  std::string nsfw_policy = "do_not_list";
  bool p2p_enabled = true, videos_history_enabled = true;
  bool auto_play_video = true, auto_play_next_video = false, auto_play_next_video_playlist = true;
  std::optional<std::vector<std::string>> video_languages;
  std::string language;
  std::string theme = "instance-default";
  bool no_instance_config_warning_modal = false, no_welcome_modal = false, no_account_setup_warning_modal = false;
  std::optional<int64_t> last_login_date;
  int64_t created_at = 0, updated_at = 0;
};

struct NewUser {
  std::string username, email, password_hash;
  int role = 2;
  int admin_flags = 0;
  int64_t video_quota = -1, video_quota_daily = -1;
  std::string nsfw_policy = "do_not_list";
  std::optional<bool> email_verified;
  std::string display_name;    // account display name (defaults to username)
  std::string channel_name;    // default channel actor name
  std::string channel_display_name;
};

struct CreatedUser {
  int64_t user_id, account_id, channel_id;
};

// Runs inside the caller's write transaction.
CreatedUser insert_user(soci::session& s, const NewUser& u, const std::string& base_url);

std::optional<User> find_user(soci::session& s, int64_t id);
std::optional<User> find_user_by_username(soci::session& s, const std::string& username);
// Username or e-mail, case-insensitive (the login form accepts either).
std::optional<User> find_user_for_login(soci::session& s, const std::string& login);
bool username_or_email_taken(soci::session& s, const std::string& username, const std::string& email);
bool email_taken(soci::session& s, const std::string& email, int64_t except_user_id);
int64_t count_users(soci::session& s);

struct UserListQuery {
  Page page;
  std::string search;
  std::optional<bool> blocked;
};
std::vector<User> list_users(soci::session& s, const UserListQuery& q, int64_t* total);

// Writes every mutable column of `u` back.
void save_user(soci::session& s, const User& u);
void delete_user(soci::session& s, int64_t id);  // the user's actors go too

}  // namespace vv::model
