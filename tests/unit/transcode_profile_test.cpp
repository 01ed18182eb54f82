#include <gtest/gtest.h>

#include "media/transcode.h"
#include "media/transcode_profile.h"

using namespace vv::media;

// Figures PeerTube's getAverageTheoreticalBitrate & co. give for 16:9.
TEST(TranscodeProfile, BitratesMatchPeerTube) {
  double r = aspect_ratio(1920, 1080);
  EXPECT_DOUBLE_EQ(r, 1.7778);
  EXPECT_EQ(average_bitrate(144, r, 30), 210127);
  EXPECT_EQ(average_bitrate(360, r, 30), 1036812);
  EXPECT_EQ(average_bitrate(720, r, 30), 3041318);
  EXPECT_EQ(average_bitrate(1080, r, 30), 6220877);
  EXPECT_EQ(average_bitrate(2160, r, 30), 19906808);
  EXPECT_EQ(average_bitrate(1080, r, 60), 12441755);
  EXPECT_EQ(max_bitrate(1080, r, 30), 10575492);
  EXPECT_EQ(min_bitrate(1080, r, 30), 1244175);
  // Audio / no picture: the fallbacks.
  EXPECT_EQ(average_bitrate(0, 0, 25), 192000);
  EXPECT_EQ(min_bitrate(480, 0, 25), 10000);
  // A 1000p source uses the 720p bits per pixel on its own pixel count.
  EXPECT_EQ(average_bitrate(1000, 1.0, 30), static_cast<int64_t>(1000.0 * 1000 * 30 * 0.11));
}

TEST(TranscodeProfile, TargetIsCappedByTheInput) {
  double r = aspect_ratio(1280, 720);
  EXPECT_DOUBLE_EQ(target_bitrate(720, r, 30, 0), static_cast<double>(average_bitrate(720, r, 30)));
  EXPECT_DOUBLE_EQ(target_bitrate(720, r, 30, 1'000'000), 1'300'000.0);
  // Never below the minimum.
  EXPECT_DOUBLE_EQ(target_bitrate(720, r, 30, 1000), static_cast<double>(min_bitrate(720, r, 30)));
}

TEST(TranscodeProfile, Resolutions) {
  LadderConfig c;
  c.enabled = {240, 360, 480, 720, 1080};
  EXPECT_EQ(original_file_resolution(1080, c), 1080);
  EXPECT_EQ(original_file_resolution(359, c), 360);  // made even
  EXPECT_EQ(lower_resolutions(1080, true, c), (std::vector<int>{720, 480, 360, 240}));
  EXPECT_EQ(lower_resolutions(360, true, c), (std::vector<int>{240}));  // never upscale, strictly lower
  c.enabled.insert(0);
  EXPECT_EQ(lower_resolutions(360, false, c), (std::vector<int>{240}));  // no audio: no 0p
  EXPECT_EQ(lower_resolutions(360, true, c), (std::vector<int>{240, 0}));
  c.always_transcode_original_resolution = false;
  EXPECT_EQ(original_file_resolution(1000, c), 720);
  c.enabled.clear();
  EXPECT_EQ(original_file_resolution(1000, c), 1000);
}

TEST(TranscodeProfile, FrameRates) {
  EXPECT_EQ(output_fps(60, 1080, true, 60), 60);
  EXPECT_EQ(output_fps(60, 720, false, 60), 60);
  EXPECT_EQ(output_fps(60, 480, false, 60), 30);
  EXPECT_EQ(output_fps(50, 360, false, 60), 25);
  EXPECT_EQ(output_fps(59.94, 240, false, 60), 30);
  EXPECT_EQ(output_fps(120, 1080, false, 60), 60);
  EXPECT_EQ(output_fps(0.5, 720, true, 60), 1);
  EXPECT_EQ(output_fps(30, 0, false, 60), 0);
}

TEST(TranscodeProfile, AudioBitrate) {
  EXPECT_EQ(audio_kbitrate("aac", 0), 256);
  EXPECT_EQ(audio_kbitrate("aac", 128000), -1);
  EXPECT_EQ(audio_kbitrate("aac", 500000), 384);
  EXPECT_EQ(audio_kbitrate("mp3", 128000), 128);
  EXPECT_EQ(audio_kbitrate("flac", 300000), 256);
  EXPECT_EQ(audio_kbitrate("flac", 900000), 384);
}

static bool has_sequence(const std::vector<std::string>& a, std::vector<std::string> seq) {
  return std::search(a.begin(), a.end(), seq.begin(), seq.end()) != a.end();
}

TEST(TranscodeCommand, OneDecodeForEveryResolution) {
  ProbeResult p;
  p.has_video = p.has_audio = true;
  p.width = 1920;
  p.height = 1080;
  p.fps = 30;
  p.audio_codec = "aac";
  p.audio_bit_rate = 128000;
  p.audio_channel_layout = "stereo";
  auto cmd = web_videos_command("in.mov", p, {{1080, 30, "a.mp4"}, {480, 30, "b.mp4"}, {0, 0, "c.mp4"}}, {});
  EXPECT_EQ(std::count(cmd.begin(), cmd.end(), "-i"), 1);
  EXPECT_TRUE(has_sequence(cmd, {"-filter_complex",
                                 "[0:v:0]split=2[s0][s1];[s0]scale=w=-2:h=1080[v0];[s1]scale=w=-2:h=480[v1]"}));
  EXPECT_TRUE(has_sequence(cmd, {"-map", "[v1]"}));
  EXPECT_TRUE(has_sequence(cmd, {"-c:a", "copy"}));  // AAC at a sane rate is copied
  EXPECT_TRUE(has_sequence(cmd, {"-vn", "-map", "0:a:0"}));
  EXPECT_TRUE(has_sequence(cmd, {"-g:v", "60"}));
  EXPECT_EQ(cmd.back(), "c.mp4");
  // Portrait: the width is the resolution.
  std::swap(p.width, p.height);
  cmd = web_videos_command("in.mov", p, {{720, 30, "a.mp4"}}, {});
  EXPECT_TRUE(has_sequence(cmd, {"-filter_complex", "[0:v:0]split=1[s0];[s0]scale=w=720:h=-2[v0]"}));
}
