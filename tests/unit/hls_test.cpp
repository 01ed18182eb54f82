#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/crypto.h"
#include "media/hls.h"

using namespace vv::media;

TEST(Hls, RangesOfASingleFilePlaylist) {
  std::string m3u8 =
      "#EXTM3U\n#EXT-X-MAP:URI=\"/tmp/x/a-720-fragmented.mp4\",BYTERANGE=\"100@0\"\n#EXTINF:4.0,\n"
      "#EXT-X-BYTERANGE:10@100\n/tmp/x/a-720-fragmented.mp4\n#EXTINF:4.0,\n#EXT-X-BYTERANGE:5\n"
      "/tmp/x/a-720-fragmented.mp4\n#EXT-X-ENDLIST\n";
  auto r = playlist_ranges(m3u8);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].offset, 100);
  EXPECT_EQ(r[0].length, 10);
  EXPECT_EQ(r[1].offset, 110);  // continues after the previous range
  EXPECT_EQ(r[1].length, 5);
  std::string fixed = strip_uri_dirs(m3u8);
  EXPECT_EQ(fixed.find("/tmp/x"), std::string::npos);
  EXPECT_NE(fixed.find("#EXT-X-MAP:URI=\"a-720-fragmented.mp4\",BYTERANGE=\"100@0\""), std::string::npos);
}

TEST(Hls, SegmentHashesUseInclusiveEnds) {
  auto path = std::filesystem::temp_directory_path() / "vv-hls-test.bin";
  std::string data(200, 'x');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i);
  std::ofstream(path, std::ios::binary).write(data.data(), static_cast<std::streamsize>(data.size()));
  auto h = segment_hashes(path.string(), {{100, 10}, {110, 90}});
  EXPECT_EQ(h.at("100-109").as_string(), vv::sha256_hex(data.substr(100, 10)));
  EXPECT_EQ(h.at("110-199").as_string(), vv::sha256_hex(data.substr(110, 90)));
  EXPECT_THROW(segment_hashes(path.string(), {{150, 100}}), std::runtime_error);
  std::filesystem::remove(path);
}

TEST(Hls, MasterPlaylist) {
  std::string m = master_playlist({{720, 1280, 720, 30, 2000000, "avc1.64001f,mp4a.40.2", "a-720.m3u8"},
                                   {240, 426, 240, 30, 300000, "avc1.640015,mp4a.40.2", "b-240.m3u8"}});
  EXPECT_EQ(m,
            "#EXTM3U\n#EXT-X-VERSION:3\n\n\n"
            "#EXT-X-STREAM-INF:BANDWIDTH=300000,RESOLUTION=426x240,FRAME-RATE=30,CODECS=\"avc1.640015,mp4a.40.2\"\n"
            "b-240.m3u8\n"
            "#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720,FRAME-RATE=30,CODECS=\"avc1.64001f,mp4a.40.2\"\n"
            "a-720.m3u8\n");
}

TEST(Hls, Codecs) {
  ProbeResult p;
  p.has_video = p.has_audio = true;
  p.video_codec = "h264";
  p.video_profile = "High";
  p.video_level = 31;
  p.audio_codec = "aac";
  EXPECT_EQ(codecs_of(p), "avc1.64001f,mp4a.40.2");
  p.video_profile = "Main";
  p.video_level = 40;
  p.has_audio = false;
  EXPECT_EQ(codecs_of(p), "avc1.4D4028");
}

TEST(Hls, MasterPlaylistWithSplitAudio) {
  MasterEntry v720{720, 1280, 720, 30, 2000000, "avc1.64001f", "a-720.m3u8", true, false};
  MasterEntry audio{0, 0, 0, 0, 128000, "mp4a.40.2", "c-0.m3u8", false, true};
  std::string m = master_playlist({v720, audio});
  EXPECT_EQ(m,
            "#EXTM3U\n#EXT-X-VERSION:3\n\n"
            "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Audio\",AUTOSELECT=YES,DEFAULT=YES,URI=\"c-0.m3u8\"\n\n"
            "#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720,FRAME-RATE=30,CODECS=\"avc1.64001f,mp4a.40.2\","
            "AUDIO=\"audio\"\na-720.m3u8\n");
}
