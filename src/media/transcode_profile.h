// PeerTube's "default" transcoding profile as numbers: which resolutions a
// source is transcoded to, at which frame rate and which bitrate. Pure
// functions, unit-tested against the values PeerTube computes.
//
//   resolutions: the enabled standard ones (transcoding.resolutions.*) up to
//     the source's (never upscale), plus the source's own (made even) when
//     always_transcode_original_resolution is on;
//   fps: the source's for the original resolution; below 720p a source above
//     30 fps falls to the closest standard rate (24, 25, 30); above fps.max
//     to the closest of (50, 60, max);
//   bitrate: max(min, min(average, 1.3 x input)) where min/average are
//     resolution x (resolution x ratio) x fps x bits-per-pixel of the
//     resolution's bucket.
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <vector>

namespace vv::media {

struct LadderConfig {
  std::set<int> enabled;  // e.g. {0, 360, 720} from transcoding.resolutions
  bool always_transcode_original_resolution = true;
  int fps_max = 60;
};

inline int to_even(int r) { return r % 2 ? r + 1 : r; }

// The resolution of the optimized (max quality) file for a source of
// `input` (its smaller side).
int original_file_resolution(int input, const LadderConfig& c);
// The lower resolutions to add below `max_resolution`, highest first.
std::vector<int> lower_resolutions(int max_resolution, bool has_audio, const LadderConfig& c);

int output_fps(double input_fps, int resolution, bool is_origin, int fps_max);

int64_t average_bitrate(int resolution, double ratio, double fps);
int64_t max_bitrate(int resolution, double ratio, double fps);
int64_t min_bitrate(int resolution, double ratio, double fps);
// PeerTube's getTargetBitrate; input_bitrate 0 = unknown.
double target_bitrate(int resolution, double ratio, double fps, int64_t input_bitrate);
// -b:a in kbit/s for an input audio stream, -1 = encoder default.
int audio_kbitrate(const std::string& codec, int64_t bitrate);

// 1.7778 for 1920x1080: PeerTube rounds to 4 decimals.
double aspect_ratio(int width, int height);

}  // namespace vv::media
