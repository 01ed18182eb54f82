#include "p2p/torrent.h"

#include <openssl/sha.h>

#include <cctype>
#include <cmath>
#include <fstream>
#include <stdexcept>

#include "core/crypto.h"
#include "http/message.h"
#include "core/text.h"
#include "p2p/bencode.h"

namespace vv::p2p {

int64_t piece_length_for(uint64_t size) {
  // npm piece-length: max(16 KiB, 2^round(log2(size / 1024))).
  double kib = size < 1024 ? 1 : static_cast<double>(size) / 1024;
  int exp = static_cast<int>(std::log2(kib) + 0.5);
  return std::max<int64_t>(16384, int64_t{1} << exp);
}

Torrent make_torrent(const TorrentInput& in) {
  std::ifstream file(in.file_path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot read " + in.file_path);
  file.seekg(0, std::ios::end);
  uint64_t size = static_cast<uint64_t>(file.tellg());
  file.seekg(0);
  int64_t piece_len = piece_length_for(size);
  std::string pieces;
  std::string buf(static_cast<size_t>(piece_len), '\0');
  while (file) {
    file.read(buf.data(), piece_len);
    std::streamsize got = file.gcount();
    if (got <= 0) break;
    unsigned char md[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(buf.data()), static_cast<size_t>(got), md);
    pieces.append(reinterpret_cast<char*>(md), SHA_DIGEST_LENGTH);
  }

  BDict info{{"length", static_cast<int64_t>(size)},
             {"name", in.name},
             {"piece length", piece_len},
             {"pieces", pieces}};
  std::string info_encoded = bencode(info);
  unsigned char md[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(info_encoded.data()), info_encoded.size(), md);

  BDict root{{"info", info}, {"created by", in.created_by}, {"creation date", in.creation_date}};
  if (!in.trackers.empty()) {
    root.emplace("announce", in.trackers.front());
    BList tiers;
    for (const auto& t : in.trackers) tiers.push_back(BList{t});
    root.emplace("announce-list", tiers);
  }
  if (!in.web_seeds.empty()) {
    BList seeds;
    for (const auto& s : in.web_seeds) seeds.push_back(s);
    root.emplace("url-list", seeds);
  }
  return {bencode(root), hex_encode(std::string_view(reinterpret_cast<char*>(md), SHA_DIGEST_LENGTH))};
}

std::string magnet_uri(const std::string& info_hash, const std::string& name, const std::string& torrent_url,
                       const std::vector<std::string>& trackers, const std::vector<std::string>& web_seeds) {
  std::string m = "magnet:?xs=" + percent_encode(torrent_url) + "&xt=urn:btih:" + info_hash + "&dn=" + percent_encode(name);
  for (const auto& t : trackers) m += "&tr=" + percent_encode(t);
  for (const auto& w : web_seeds) m += "&ws=" + percent_encode(w);
  return m;
}

}  // namespace vv::p2p
