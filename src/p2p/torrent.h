// .torrent files (BitTorrent v1) for video files, as PeerTube makes them: one
// file, announce list with the instance's WebSocket and HTTP trackers, the
// file's URL as a web seed (url-list), and the magnet URI built from the
// info hash.
#pragma once
#include <string>
#include <vector>

namespace vv::p2p {

struct TorrentInput {
  std::string file_path;                  // read to hash the pieces
  std::string name;                       // info.name ("My video 720p.mp4")
  std::vector<std::string> trackers;      // announce URLs, in order
  std::vector<std::string> web_seeds;     // url-list
  std::string created_by = "PeerTube";
  int64_t creation_date = 0;              // seconds
};

struct Torrent {
  std::string data;       // bencoded .torrent
  std::string info_hash;  // hex SHA-1 of the bencoded info dictionary
};

// PeerTube's (create-torrent's) piece length for a file size.
int64_t piece_length_for(uint64_t size);

// Throws std::runtime_error when the file cannot be read.
Torrent make_torrent(const TorrentInput& in);

std::string magnet_uri(const std::string& info_hash, const std::string& name, const std::string& torrent_url,
                       const std::vector<std::string>& trackers, const std::vector<std::string>& web_seeds);

}  // namespace vv::p2p
