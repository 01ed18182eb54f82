// ActivityPub actors (Person = account, Group = channel, Application = the
// instance) and their images. Local actors have no server (host) and carry
// their private key; remote ones are stored the same way with server_id set,
// so later federation code only fills rows.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

namespace vv::model {

enum class ImageType { avatar = 1, banner = 2 };

struct ActorImage {
  int64_t id = 0;
  int64_t actor_id = 0;
  int type = 1;
  std::string filename;
  std::string file_url;  // remote images only
  int width = 0, height = 0;
  int64_t created_at = 0, updated_at = 0;
};

struct Actor {
  int64_t id = 0;
  std::string type;
  std::string preferred_username;
  std::string url, inbox_url, shared_inbox_url, outbox_url, followers_url, following_url;
  std::string public_key;
  int64_t followers_count = 0, following_count = 0;
  std::optional<std::string> host;  // nullopt = local
  int64_t created_at = 0, updated_at = 0;
  std::vector<ActorImage> avatars, banners;
};

// Column list for SELECTs joining `actors a` (and `servers sv` on a.server_id).
extern const char* const kActorColumns;
constexpr int kActorColumnCount = 14;
Actor read_actor(const soci::row& r, std::size_t first);

// Creates a local actor with a fresh RSA-2048 key pair. `base_url` is the
// instance URL; `kind_path` is "accounts" or "video-channels".
int64_t insert_local_actor(soci::session& s, const std::string& type, const std::string& username,
                           const std::string& base_url, const std::string& kind_path);

bool actor_name_taken(soci::session& s, const std::string& username);

// Fills avatars/banners of the given actors in one query.
void load_images(soci::session& s, std::vector<Actor*> actors);

std::vector<ActorImage> images_of(soci::session& s, int64_t actor_id, ImageType type);
void replace_images(soci::session& s, int64_t actor_id, ImageType type, const std::vector<ActorImage>& images);
void delete_images(soci::session& s, int64_t actor_id, ImageType type);
void touch_actor(soci::session& s, int64_t actor_id);

}  // namespace vv::model
