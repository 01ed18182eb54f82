// What ffprobe says about a media file: duration, the video stream's size and
// frame rate, whether there is audio. A file with neither an audio nor a
// (non-still-image) video stream is not media.
#pragma once
#include <optional>
#include <string>

namespace vv::media {

struct ProbeResult {
  double duration = 0;  // seconds
  bool has_video = false, has_audio = false;
  int width = 0, height = 0;
  double fps = 0;
  std::string format_name;
  int64_t bit_rate = 0;  // container's, 0 = unknown
  // First video stream
  std::string video_codec, video_profile, pix_fmt;
  int video_level = 0;
  int rotation = 0;  // degrees, from the display matrix
  // First audio stream
  std::string audio_codec, audio_channel_layout;
  int64_t audio_bit_rate = 0;
  std::string json;  // ffprobe's whole answer, kept as file metadata
  int resolution() const;  // PeerTube's: the smaller side, 0 for audio only
  // Size as displayed (a 90-degree rotation swaps width and height).
  int display_width() const { return rotation % 180 ? height : width; }
  int display_height() const { return rotation % 180 ? width : height; }
};

// ffprobe's JSON without format.filename (the path ffprobe was given: a
// server path, never to be shown; PeerTube drops it too).
std::string metadata_json(const ProbeResult& p);

// nullopt: not a readable audio/video file.
std::optional<ProbeResult> probe(const std::string& path);

// Parses ffprobe -print_format json output (exposed for tests).
std::optional<ProbeResult> parse_probe_json(const std::string& json);

}  // namespace vv::media
