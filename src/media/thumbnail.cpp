#include "media/thumbnail.h"

#include <filesystem>

#include <fmt/format.h>

#include "core/subprocess.h"

namespace vv::media {

bool frame_to_jpeg(const std::string& video_path, double at_seconds, ImageSize size, const std::string& out_path) {
  // 4:4:4 before cropping: with 4:2:0 chroma the crop rounds odd sizes (157) down.
  std::string filter = fmt::format("scale={}:{}:force_original_aspect_ratio=increase,format=yuvj444p,crop={}:{}",
                                   size.width, size.height, size.width, size.height);
  auto r = run_process({"ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-ss",
                        fmt::format("{:.3f}", std::max(0.0, at_seconds)), "-i", video_path, "-frames:v", "1", "-vf",
                        filter, "-q:v", "3", "-f", "image2", out_path},
                       std::chrono::seconds(60));
  std::error_code ec;
  return r.exit_code == 0 && std::filesystem::file_size(out_path, ec) > 0 && !ec;
}

bool blank_jpeg(ImageSize size, const std::string& out_path) {
  auto r = run_process({"ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                        fmt::format("color=c=0x202020:s={}x{}", size.width, size.height), "-frames:v", "1", "-f",
                        "image2", out_path},
                       std::chrono::seconds(30));
  return r.exit_code == 0;
}

}  // namespace vv::media
