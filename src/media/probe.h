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
  std::string json;  // ffprobe's whole answer, kept as file metadata
  int resolution() const;  // PeerTube's: the smaller side, 0 for audio only
};

// nullopt: not a readable audio/video file.
std::optional<ProbeResult> probe(const std::string& path);

// Parses ffprobe -print_format json output (exposed for tests).
std::optional<ProbeResult> parse_probe_json(const std::string& json);

}  // namespace vv::media
