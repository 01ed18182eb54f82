// Image processing with libvips: validate an uploaded picture and produce the
// resized copies PeerTube serves (avatars 1500/600/120/48 px square, banners
// 1920x317 and 600x100), each cropped to fill, saved as JPEG.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace vv::media {

struct ImageSize {
  int width, height;
};

const std::vector<ImageSize>& avatar_sizes();
const std::vector<ImageSize>& banner_sizes();

void init_images();  // once per process

// True when `data` decodes as JPEG, PNG, GIF or WebP (checked by content,
// never by the file name).
bool is_supported_image(std::string_view data);

// Resizes (crop to fill) and encodes as JPEG. Throws std::runtime_error when
// the bytes are not a supported image.
std::string resize_to_jpeg(std::string_view data, ImageSize size, int quality = 85);

}  // namespace vv::media
