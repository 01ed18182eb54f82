// Pictures sent by clients (avatars, banners, thumbnails, previews): their
// bytes are checked by content and decoded by libvips; a file that claims
// to be an image but does not decode is the client's error on that field
// (400), never a 500.
#pragma once
#include <string>
#include <string_view>

#include "media/image.h"

namespace vv::api {

std::string resize_uploaded_image(std::string_view data, media::ImageSize size, const char* field,
                                  const std::string& message);

}  // namespace vv::api
