// Video playlists and their elements. Every local account has one "Watch
// later" playlist (type 2, private). Element positions are 1..n without gaps.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "model/account.h"

namespace vv::model {

enum PlaylistPrivacy { kPlaylistPublic = 1, kPlaylistUnlisted = 2, kPlaylistPrivate = 3 };
enum PlaylistType { kPlaylistRegular = 1, kPlaylistWatchLater = 2 };

struct Playlist {
  int64_t id = 0;
  std::string uuid, name, description;
  int privacy = kPlaylistPrivate;
  int type = kPlaylistRegular;
  std::string url;
  int64_t owner_account_id = 0;
  std::optional<int64_t> channel_id;
  std::string thumbnail_filename;
  bool thumbnail_custom = false;
  int64_t created_at = 0, updated_at = 0;
  int64_t videos_length = 0;
  std::optional<Account> owner;
  std::optional<Channel> channel;
};

struct PlaylistElement {
  int64_t id = 0;
  int64_t playlist_id = 0;
  std::optional<int64_t> video_id;
  int position = 0;
  std::optional<int> start_timestamp, stop_timestamp;
};

int64_t insert_playlist(soci::session& s, Playlist& p, const std::string& base_url);
void save_playlist(soci::session& s, const Playlist& p);
void delete_playlist(soci::session& s, int64_t id);
std::optional<Playlist> find_playlist(soci::session& s, const std::string& id_or_uuid);
std::optional<Playlist> find_watch_later(soci::session& s, int64_t account_id);
// Creates the Watch later playlist of accounts of local users that have none.
void ensure_watch_later_playlists(soci::session& s, const std::string& base_url);

struct PlaylistListQuery {
  int64_t start = 0, count = 15;
  std::string sort = "-createdAt";
  std::optional<int64_t> account_id, channel_id;
  std::optional<int> type;
  bool include_private = false;  // the owner's own lists
  std::string search;
};
std::vector<Playlist> list_playlists(soci::session& s, const PlaylistListQuery& q, int64_t* total);

std::vector<PlaylistElement> list_elements(soci::session& s, int64_t playlist_id, int64_t start, int64_t count, int64_t* total);
std::optional<PlaylistElement> find_element(soci::session& s, int64_t playlist_id, int64_t element_id);
int64_t add_element(soci::session& s, int64_t playlist_id, int64_t video_id, std::optional<int> start, std::optional<int> stop,
                    const std::string& playlist_url);
void update_element(soci::session& s, const PlaylistElement& e);
void remove_element(soci::session& s, int64_t playlist_id, int64_t element_id);
// Moves `length` elements starting at `start` after position `insert_after` (0 = first).
void reorder_elements(soci::session& s, int64_t playlist_id, int start, int insert_after, int length);

struct VideoInPlaylist {
  int64_t video_id, element_id, playlist_id;
  std::string playlist_name, playlist_uuid;
  std::optional<int> start_timestamp, stop_timestamp;
};
std::vector<VideoInPlaylist> videos_in_playlists_of(soci::session& s, int64_t account_id, const std::vector<int64_t>& video_ids);

}  // namespace vv::model
