// OAuth clients and bearer tokens. Only SHA-256 digests of tokens are stored.
#pragma once
#include <optional>
#include <string>

#include <soci/soci.h>

namespace vv::model {

struct OAuthClient {
  int64_t id = 0;
  std::string client_id, client_secret;
};

struct OAuthToken {
  int64_t id = 0;
  int64_t user_id = 0;
  int64_t access_expires_at = 0, refresh_expires_at = 0;
};

// The instance's single local client, created on first use.
OAuthClient local_client(soci::session& s);
std::optional<OAuthClient> find_client(soci::session& s, const std::string& client_id);

void insert_token(soci::session& s, int64_t user_id, int64_t client_id, const std::string& access_token,
                  int64_t access_expires_at, const std::string& refresh_token, int64_t refresh_expires_at);
std::optional<OAuthToken> find_token_by_access(soci::session& s, const std::string& access_token);
std::optional<OAuthToken> find_token_by_refresh(soci::session& s, const std::string& refresh_token);
void delete_token(soci::session& s, int64_t id);
void delete_tokens_of_user(soci::session& s, int64_t user_id);

}  // namespace vv::model
