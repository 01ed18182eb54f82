#include <gtest/gtest.h>

#include "media/probe.h"

using namespace vv::media;

TEST(Probe, ReadsVideoAndAudioStreams) {
  auto r = parse_probe_json(R"({"streams":[{"codec_type":"video","width":640,"height":360,"avg_frame_rate":"25/1"},
    {"codec_type":"audio"}],"format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"3.000000","probe_score":100}})");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->has_video);
  EXPECT_TRUE(r->has_audio);
  EXPECT_EQ(r->resolution(), 360);
  EXPECT_DOUBLE_EQ(r->fps, 25);
  EXPECT_DOUBLE_EQ(r->duration, 3);
}

TEST(Probe, PortraitResolutionIsTheSmallerSide) {
  auto r = parse_probe_json(R"({"streams":[{"codec_type":"video","width":720,"height":1280,"avg_frame_rate":"30000/1001"}],
    "format":{"format_name":"mov","duration":"1.5","probe_score":100}})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->resolution(), 720);
  EXPECT_NEAR(r->fps, 29.97, 0.01);
}

TEST(Probe, AudioWithCoverArtIsAudioOnly) {
  auto r = parse_probe_json(R"({"streams":[{"codec_type":"audio"},{"codec_type":"video","width":500,"height":500,
    "disposition":{"attached_pic":1}}],"format":{"format_name":"mp3","duration":"10","probe_score":51}})");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->has_video);
  EXPECT_EQ(r->resolution(), 0);
}

TEST(Probe, RefusesNonMedia) {
  EXPECT_FALSE(parse_probe_json("not json"));
  EXPECT_FALSE(parse_probe_json(R"({"streams":[],"format":{"format_name":"mp4","duration":"1","probe_score":100}})"));
  // still pictures
  EXPECT_FALSE(parse_probe_json(R"({"streams":[{"codec_type":"video","width":10,"height":10}],"format":{"format_name":"png_pipe","probe_score":99}})"));
  // ffmpeg's guess on random bytes
  EXPECT_FALSE(parse_probe_json(R"({"streams":[{"codec_type":"video","codec_name":"h263","width":128,"height":96}],"format":{"format_name":"h263","probe_score":25}})"));
  // no duration
  EXPECT_FALSE(parse_probe_json(R"({"streams":[{"codec_type":"audio"}],"format":{"format_name":"wav","probe_score":100}})"));
}
