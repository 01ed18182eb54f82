#include "media/transcode_profile.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace vv::media {

namespace {

// Bits per pixel by resolution bucket: 144, 240, 360, 480, 720, 1080, 1440, 2160.
constexpr int kBuckets[] = {2160, 1440, 1080, 720, 480, 360, 240, 144};
double bpp(const char* which, int bucket) {
  struct Row { int bucket; double min, avg, max; };
  static const Row rows[] = {{144, 0.02, 0.19, 0.32},  {240, 0.02, 0.17, 0.29},  {360, 0.02, 0.15, 0.26},
                             {480, 0.02, 0.12, 0.22},  {720, 0.02, 0.11, 0.19},  {1080, 0.02, 0.10, 0.17},
                             {1440, 0.02, 0.09, 0.16}, {2160, 0.02, 0.08, 0.14}};
  for (const auto& r : rows)
    if (r.bucket == bucket) return which[1] == 'i' ? r.min : which[1] == 'v' ? r.avg : r.max;
  return 0;
}

int64_t calculate(const char* which, int resolution, double ratio, double fps) {
  double size2 = ratio < 1 && ratio > 0 ? resolution / ratio : resolution * ratio;
  for (int b : kBuckets)
    if (b <= resolution) return static_cast<int64_t>(std::floor(resolution * size2 * fps * bpp(which, b)));
  return 0;  // audio (0p) and below 144p
}

// Resolution order of PeerTube's job creation.
constexpr int kAvailable[] = {0, 480, 360, 720, 240, 144, 1080, 1440, 2160};

std::vector<int> compute(int input, bool strict_lower, bool has_audio, const LadderConfig& c) {
  std::vector<int> out;
  for (int r : kAvailable) {
    if (!c.enabled.contains(r)) continue;
    if (input < r) continue;
    if (strict_lower && input == r) continue;
    if (r == 0 && !has_audio) continue;
    out.push_back(r);
  }
  return out;
}

int closest_fps(double fps, std::vector<int> list) {
  std::sort(list.rbegin(), list.rend());
  for (int e : list)
    if (std::fmod(fps, e) == 0) return e;
  std::stable_sort(list.begin(), list.end(), [&](int a, int b) { return std::fmod(fps, a) < std::fmod(fps, b); });
  return list.front();
}

}  // namespace

int original_file_resolution(int input, const LadderConfig& c) {
  if (c.always_transcode_original_resolution) return to_even(input);
  auto rs = compute(input, false, true, c);
  if (rs.empty() || (rs.size() == 1 && rs[0] == 0)) return to_even(input);
  return *std::max_element(rs.begin(), rs.end());
}

std::vector<int> lower_resolutions(int max_resolution, bool has_audio, const LadderConfig& c) {
  auto rs = compute(max_resolution, true, has_audio, c);
  std::sort(rs.rbegin(), rs.rend());
  return rs;
}

int output_fps(double input_fps, int resolution, bool is_origin, int fps_max) {
  if (resolution == 0) return 0;
  std::vector<int> standard, hd;
  for (int v : {24, 25, 30})
    if (v <= fps_max) standard.push_back(v);
  if (standard.empty()) standard.push_back(fps_max);
  for (int v : {50, 60, fps_max})
    if (v <= fps_max) hd.push_back(v);
  double average = std::min(30, fps_max);
  double fps = std::round(input_fps);  // PeerTube rounds the probed rate
  if (!is_origin && resolution < 720 && fps > average) fps = closest_fps(fps, standard);
  fps = std::max(fps, 1.0);
  if (!is_origin && fps > fps_max) fps = closest_fps(fps, hd);
  return static_cast<int>(fps);
}

int64_t average_bitrate(int resolution, double ratio, double fps) {
  int64_t b = calculate("avg", resolution, ratio, fps);
  return b ? b : 192'000;
}
int64_t max_bitrate(int resolution, double ratio, double fps) {
  int64_t b = calculate("max", resolution, ratio, fps);
  return b ? b : 256'000;
}
int64_t min_bitrate(int resolution, double ratio, double fps) {
  int64_t b = calculate("min", resolution, ratio, fps);
  return b ? b : 10'000;
}

double target_bitrate(int resolution, double ratio, double fps, int64_t input_bitrate) {
  double capped = static_cast<double>(average_bitrate(resolution, ratio, fps));
  if (input_bitrate > 0) capped = std::min(capped, input_bitrate * 1.3);
  return std::max(static_cast<double>(min_bitrate(resolution, ratio, fps)), capped);
}

int audio_kbitrate(const std::string& codec, int64_t bitrate) {
  if (bitrate <= 0) return 256;
  if (codec == "aac") return bitrate > 384'000 ? 384 : -1;
  if (bitrate <= 192'000) return 128;
  if (bitrate <= 384'000) return 256;
  return 384;
}

double aspect_ratio(int width, int height) {
  if (width <= 0 || height <= 0) return 0;
  return std::round(static_cast<double>(width) / height * 10000) / 10000;
}

}  // namespace vv::media
