#include "model/actor.h"

#include "core/clock.h"
#include "core/crypto.h"
#include "db/database.h"

namespace vv::model {

using db::get_i64;
using db::get_str;

const char* const kActorColumns =
    "a.id, a.type, a.preferred_username, a.url, a.inbox_url, a.shared_inbox_url, a.outbox_url, a.followers_url, "
    "a.following_url, a.public_key, a.followers_count, a.following_count, sv.host, a.created_at";

Actor read_actor(const soci::row& r, std::size_t i) {
  Actor a;
  a.id = get_i64(r, i);
  a.type = get_str(r, i + 1);
  a.preferred_username = get_str(r, i + 2);
  a.url = get_str(r, i + 3);
  a.inbox_url = get_str(r, i + 4);
  a.shared_inbox_url = get_str(r, i + 5);
  a.outbox_url = get_str(r, i + 6);
  a.followers_url = get_str(r, i + 7);
  a.following_url = get_str(r, i + 8);
  a.public_key = get_str(r, i + 9);
  a.followers_count = get_i64(r, i + 10);
  a.following_count = get_i64(r, i + 11);
  if (!db::is_null(r, i + 12)) a.host = get_str(r, i + 12);
  a.created_at = get_i64(r, i + 13);
  return a;
}

int64_t insert_local_actor(soci::session& s, const std::string& type, const std::string& username,
                           const std::string& base_url, const std::string& kind_path) {
  auto keys = generate_rsa_keypair(2048);
  std::string url = base_url + "/" + kind_path + "/" + username;
  std::string inbox = url + "/inbox", shared = base_url + "/inbox", outbox = url + "/outbox",
              followers = url + "/followers", following = url + "/following";
  long long now = now_ms();
  long long id = 0;
  s << "INSERT INTO actors (type, preferred_username, url, inbox_url, shared_inbox_url, outbox_url, followers_url, "
       "following_url, public_key, private_key, created_at, updated_at) VALUES (:type, :name, :url, :inbox, :shared, "
       ":outbox, :followers, :following, :pub, :priv, :now, :now2) RETURNING id",
      soci::use(type), soci::use(username), soci::use(url), soci::use(inbox), soci::use(shared), soci::use(outbox),
      soci::use(followers), soci::use(following), soci::use(keys.public_pem), soci::use(keys.private_pem),
      soci::use(now), soci::use(now), soci::into(id);
  return id;
}

bool actor_name_taken(soci::session& s, const std::string& username) {
  int n = 0;
  s << "SELECT COUNT(*) FROM actors WHERE lower(preferred_username) = lower(:n) AND server_id IS NULL",
      soci::use(username), soci::into(n);
  return n > 0;
}

static ActorImage read_image(const soci::row& r) {
  ActorImage im;
  im.id = get_i64(r, 0);
  im.actor_id = get_i64(r, 1);
  im.type = static_cast<int>(get_i64(r, 2));
  im.filename = get_str(r, 3);
  im.file_url = get_str(r, 4);
  im.width = static_cast<int>(get_i64(r, 5));
  im.height = static_cast<int>(get_i64(r, 6));
  im.created_at = get_i64(r, 7);
  im.updated_at = get_i64(r, 8);
  return im;
}

static const char* kImageSelect =
    "SELECT id, actor_id, type, filename, file_url, width, height, created_at, updated_at FROM actor_images ";

void load_images(soci::session& s, std::vector<Actor*> actors) {
  if (actors.empty()) return;
  std::string ids;
  for (auto* a : actors) {
    if (!ids.empty()) ids += ',';
    ids += std::to_string(a->id);  // integers from our own rows: safe to inline
  }
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kImageSelect) + "WHERE actor_id IN (" + ids + ") ORDER BY width DESC");
  for (const auto& r : rows) {
    ActorImage im = read_image(r);
    for (auto* a : actors)
      if (a->id == im.actor_id) (im.type == 2 ? a->banners : a->avatars).push_back(im);
  }
}

std::vector<ActorImage> images_of(soci::session& s, int64_t actor_id, ImageType type) {
  long long aid = actor_id;
  int t = static_cast<int>(type);
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kImageSelect) + "WHERE actor_id = :a AND type = :t ORDER BY width DESC", soci::use(aid),
       soci::use(t));
  std::vector<ActorImage> out;
  for (const auto& r : rows) out.push_back(read_image(r));
  return out;
}

void delete_images(soci::session& s, int64_t actor_id, ImageType type) {
  long long aid = actor_id;
  int t = static_cast<int>(type);
  s << "DELETE FROM actor_images WHERE actor_id = :a AND type = :t", soci::use(aid), soci::use(t);
}

void replace_images(soci::session& s, int64_t actor_id, ImageType type, const std::vector<ActorImage>& images) {
  delete_images(s, actor_id, type);
  long long aid = actor_id, now = now_ms();
  int t = static_cast<int>(type);
  for (const auto& im : images) {
    int w = im.width, h = im.height;
    std::string fn = im.filename;
    s << "INSERT INTO actor_images (actor_id, type, filename, width, height, on_disk, created_at, updated_at) "
         "VALUES (:a, :t, :f, :w, :h, 1, :c, :u)",
        soci::use(aid), soci::use(t), soci::use(fn), soci::use(w), soci::use(h), soci::use(now), soci::use(now);
  }
  touch_actor(s, actor_id);
}

void touch_actor(soci::session& s, int64_t actor_id) {
  long long aid = actor_id, now = now_ms();
  s << "UPDATE actors SET updated_at = :n WHERE id = :a", soci::use(now), soci::use(aid);
}

}  // namespace vv::model
