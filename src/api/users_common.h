// User creation and deletion shared by registration, the admin API and the
// command line (`vidiverse create-user`, first start's root user).
#pragma once
#include <boost/json/object.hpp>

#include "api/context.h"
#include "model/user.h"
#include "model/video.h"

namespace vv::api {

struct NewUserRequest {
  std::string username, email, password;
  std::string display_name;
  std::string channel_name, channel_display_name;
  int role = 2;
  int admin_flags = 0;
  std::optional<int64_t> video_quota, video_quota_daily;  // nullopt: the instance default
  std::optional<bool> email_verified;
};

// Validates a register (admin=false) or admin create (admin=true) body.
NewUserRequest parse_new_user(const boost::json::object& body, bool admin);

// Creates user + account + default channel in one transaction. `signup_limit`
// >= 0 refuses when that many users exist. Throws 409 on a taken name.
model::CreatedUser create_user(ApiContext& ctx, const NewUserRequest& nu, int64_t signup_limit);

// The user with its account and channels, as /users/me or /users/{id} show it.
boost::json::object full_user_json(ApiContext& ctx, soci::session& s, const model::User& u, bool me);

// Removes a user, its account, its channels and their videos. Returns the
// videos whose files must go once the transaction has committed.
std::vector<model::Video> delete_user_everything(ApiContext& ctx, soci::session& s, int64_t user_id);

}  // namespace vv::api
