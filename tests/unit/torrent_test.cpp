#include <gtest/gtest.h>

#include <fstream>

#include <openssl/sha.h>

#include "core/crypto.h"
#include "p2p/bencode.h"
#include "p2p/torrent.h"

using namespace vv::p2p;

TEST(Bencode, EncodesEachTypeAndSortsKeys) {
  EXPECT_EQ(bencode(BValue(42)), "i42e");
  EXPECT_EQ(bencode(BValue(-3)), "i-3e");
  EXPECT_EQ(bencode(BValue("spam")), "4:spam");
  EXPECT_EQ(bencode(BValue(std::string("a\0b", 3))), std::string("3:a\0b", 5));
  EXPECT_EQ(bencode(BValue(BList{"spam", 7})), "l4:spami7ee");
  EXPECT_EQ(bencode(BValue(BDict{{"zeta", 1}, {"alpha", "x"}, {"mid", BList{}}})), "d5:alpha1:x3:midle4:zetai1ee");
}

TEST(Torrent, PieceLengthFollowsCreateTorrent) {
  EXPECT_EQ(piece_length_for(0), 16384);
  EXPECT_EQ(piece_length_for(100 * 1024), 16384);
  EXPECT_EQ(piece_length_for(64ULL * 1024 * 1024), 65536);
  EXPECT_EQ(piece_length_for(1024ULL * 1024 * 1024), 1048576);
}

TEST(Torrent, InfoHashIsSha1OfTheInfoDictionary) {
  std::string path = testing::TempDir() + "/vv-torrent-input.bin";
  std::string content(40000, 'x');
  for (size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 7);
  std::ofstream(path, std::ios::binary) << content;
  TorrentInput in{path, "clip 360p.mp4", {"ws://h/tracker/socket", "http://h/tracker/announce"}, {"http://h/static/web-videos/f.mp4"}, "PeerTube", 1700000000};
  Torrent t = make_torrent(in);
  auto pos = t.data.find("4:infod");
  ASSERT_NE(pos, std::string::npos);
  std::string expect_info_prefix = "d6:lengthi40000e4:name13:clip 360p.mp412:piece lengthi16384e6:pieces60:";
  EXPECT_EQ(t.data.compare(pos + 6, expect_info_prefix.size(), expect_info_prefix), 0);
  EXPECT_NE(t.data.find("8:url-listl32:http://h/static/web-videos/f.mp4e"), std::string::npos);
  EXPECT_NE(t.data.find("8:announce21:ws://h/tracker/socket"), std::string::npos);
  EXPECT_EQ(t.info_hash.size(), 40u);
  // The info dictionary is the bencoded value after "4:info" and its hash is the info hash.
  std::string info = t.data.substr(pos + 6, expect_info_prefix.size() + 60 + 1);
  unsigned char md[20];
  SHA1(reinterpret_cast<const unsigned char*>(info.data()), info.size(), md);
  EXPECT_EQ(vv::hex_encode(std::string_view(reinterpret_cast<char*>(md), 20)), t.info_hash);
}

TEST(Torrent, MagnetUriCarriesHashTrackersAndSeeds) {
  std::string m = magnet_uri("abc123", "My video 720p.mp4", "http://h/lazy-static/torrents/x.torrent", {"ws://h/tracker/socket"},
                             {"http://h/static/web-videos/x.mp4"});
  EXPECT_EQ(m.rfind("magnet:?xs=http%3A%2F%2Fh%2Flazy-static%2Ftorrents%2Fx.torrent&xt=urn:btih:abc123&dn=My%20video%20720p.mp4", 0), 0u);
  EXPECT_NE(m.find("&tr=ws%3A%2F%2Fh%2Ftracker%2Fsocket"), std::string::npos);
  EXPECT_NE(m.find("&ws=http%3A%2F%2Fh%2Fstatic%2Fweb-videos%2Fx.mp4"), std::string::npos);
}
