#include "media/image.h"

#include <vips/vips.h>

#include <memory>
#include <mutex>
#include <stdexcept>

namespace vv::media {

const std::vector<ImageSize>& avatar_sizes() {
  static const std::vector<ImageSize> s = {{1500, 1500}, {600, 600}, {120, 120}, {48, 48}};
  return s;
}

const std::vector<ImageSize>& banner_sizes() {
  static const std::vector<ImageSize> s = {{1920, 317}, {600, 100}};
  return s;
}

void init_images() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (VIPS_INIT("vidiverse")) throw std::runtime_error("libvips init failed");
    vips_concurrency_set(1);  // requests already run in parallel
    vips_cache_set_max(0);    // no operation cache: keeps idle memory low
  });
}

bool is_supported_image(std::string_view data) {
  init_images();
  if (data.size() < 8) return false;
  const char* loader = vips_foreign_find_load_buffer(data.data(), data.size());
  if (!loader) {
    vips_error_clear();
    return false;
  }
  std::string l = loader;
  return l.find("Jpeg") != std::string::npos || l.find("Png") != std::string::npos ||
         l.find("Gif") != std::string::npos || l.find("Webp") != std::string::npos;
}

std::string resize_to_jpeg(std::string_view data, ImageSize size, int quality) {
  if (!is_supported_image(data)) throw std::runtime_error("not a supported image");
  VipsImage* out = nullptr;
  if (vips_thumbnail_buffer(const_cast<char*>(data.data()), data.size(), &out, size.width, "height", size.height,
                            "crop", VIPS_INTERESTING_CENTRE, "size", VIPS_SIZE_BOTH, nullptr)) {
    std::string err = vips_error_buffer();
    vips_error_clear();
    throw std::runtime_error("image decode failed: " + err);
  }
  std::unique_ptr<VipsImage, void (*)(VipsImage*)> img(out, [](VipsImage* i) { g_object_unref(i); });
  // JPEG has no alpha: flatten transparent pictures on white.
  if (vips_image_hasalpha(img.get())) {
    VipsImage* flat = nullptr;
    VipsArrayDouble* bg = vips_array_double_newv(3, 255.0, 255.0, 255.0);
    int rc = vips_flatten(img.get(), &flat, "background", bg, nullptr);
    vips_area_unref(VIPS_AREA(bg));
    if (rc) {
      vips_error_clear();
      throw std::runtime_error("image flatten failed");
    }
    img.reset(flat);
  }
  void* buf = nullptr;
  size_t len = 0;
  if (vips_jpegsave_buffer(img.get(), &buf, &len, "Q", quality, "strip", TRUE, nullptr)) {
    vips_error_clear();
    throw std::runtime_error("image encode failed");
  }
  std::string result(static_cast<char*>(buf), len);
  g_free(buf);
  return result;
}

}  // namespace vv::media
