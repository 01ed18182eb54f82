// Thumbnails (280x157) and previews (850x480), PeerTube's sizes: a frame of
// the video taken by ffmpeg, or an uploaded picture, cropped to fill and
// saved as JPEG. Audio-only videos get a plain dark picture.
#pragma once
#include <optional>
#include <string>

#include "media/image.h"

namespace vv::media {

constexpr ImageSize kThumbnailSize{280, 157};
constexpr ImageSize kPreviewSize{850, 480};

// Writes a JPEG of `size` taken from the video at `at_seconds`. Returns false
// when ffmpeg could not.
bool frame_to_jpeg(const std::string& video_path, double at_seconds, ImageSize size, const std::string& out_path);
bool blank_jpeg(ImageSize size, const std::string& out_path);

}  // namespace vv::media
