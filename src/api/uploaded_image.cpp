#include "api/uploaded_image.h"

#include "core/api_error.h"

namespace vv::api {

std::string resize_uploaded_image(std::string_view data, media::ImageSize size, const char* field,
                                  const std::string& message) {
  try {
    return media::resize_to_jpeg(data, size);
  } catch (const std::runtime_error&) {
    throw invalid_param(field, message);
  }
}

}  // namespace vv::api
