#include "media/image.h"

#include <dlfcn.h>
#include <vips/vips.h>

#include <cctype>
#include <memory>
#include <mutex>
#include <stdexcept>

// libvips (and the ~60 libraries it pulls in: poppler, rsvg, imagemagick...)
// is loaded with dlopen the first time an image is processed, not at process
// start: linking it directly costs ~17 MB of resident memory in every server
// process, most of which never touches an image. The vips headers still give
// us the exact function types.

namespace vv::media {

namespace {

struct Vips {
  decltype(&vips_init) init;
  decltype(&vips_concurrency_set) concurrency_set;
  decltype(&vips_cache_set_max) cache_set_max;
  decltype(&vips_foreign_find_load_buffer) find_load_buffer;
  decltype(&vips_error_clear) error_clear;
  decltype(&vips_error_buffer) error_buffer;
  decltype(&vips_thumbnail_buffer) thumbnail_buffer;
  decltype(&vips_image_hasalpha) image_hasalpha;
  decltype(&vips_array_double_newv) array_double_newv;
  decltype(&vips_area_unref) area_unref;
  decltype(&vips_flatten) flatten;
  decltype(&vips_jpegsave_buffer) jpegsave_buffer;
  decltype(&g_object_unref) object_unref;
  decltype(&g_free) free;
};

template <class T>
void bind(void* lib, T& fn, const char* name) {
  fn = reinterpret_cast<T>(dlsym(lib, name));
  if (!fn) throw std::runtime_error(std::string("libvips: missing symbol ") + name);
}

const Vips& vips() {
  static Vips v;
  static std::once_flag once;
  std::call_once(once, [] {
    void* lib = dlopen("libvips.so.42", RTLD_NOW | RTLD_GLOBAL);
    if (!lib) throw std::runtime_error(std::string("cannot load libvips: ") + dlerror());
    bind(lib, v.init, "vips_init");
    bind(lib, v.concurrency_set, "vips_concurrency_set");
    bind(lib, v.cache_set_max, "vips_cache_set_max");
    bind(lib, v.find_load_buffer, "vips_foreign_find_load_buffer");
    bind(lib, v.error_clear, "vips_error_clear");
    bind(lib, v.error_buffer, "vips_error_buffer");
    bind(lib, v.thumbnail_buffer, "vips_thumbnail_buffer");
    bind(lib, v.image_hasalpha, "vips_image_hasalpha");
    bind(lib, v.array_double_newv, "vips_array_double_newv");
    bind(lib, v.area_unref, "vips_area_unref");
    bind(lib, v.flatten, "vips_flatten");
    bind(lib, v.jpegsave_buffer, "vips_jpegsave_buffer");
    bind(lib, v.object_unref, "g_object_unref");
    bind(lib, v.free, "g_free");
    if (v.init("vidiverse")) throw std::runtime_error("libvips init failed");
    v.concurrency_set(1);  // requests already run in parallel
    v.cache_set_max(0);    // no operation cache: keeps memory low
  });
  return v;
}

}  // namespace

const std::vector<ImageSize>& avatar_sizes() {
  static const std::vector<ImageSize> s = {{1500, 1500}, {600, 600}, {120, 120}, {48, 48}};
  return s;
}

const std::vector<ImageSize>& banner_sizes() {
  static const std::vector<ImageSize> s = {{1920, 317}, {600, 100}};
  return s;
}

void init_images() { vips(); }

bool is_supported_image(std::string_view data) {
  const Vips& v = vips();
  if (data.size() < 8) return false;
  const char* loader = v.find_load_buffer(data.data(), data.size());
  if (!loader) {
    v.error_clear();
    return false;
  }
  std::string l = loader;  // e.g. VipsForeignLoadJpegBuffer, VipsForeignLoadNsgifBuffer
  for (auto& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return l.find("jpeg") != std::string::npos || l.find("png") != std::string::npos ||
         l.find("gif") != std::string::npos || l.find("webp") != std::string::npos;
}

std::string resize_to_jpeg(std::string_view data, ImageSize size, int quality) {
  const Vips& v = vips();
  if (!is_supported_image(data)) throw std::runtime_error("not a supported image");
  VipsImage* out = nullptr;
  // fail_on=truncated: a cut-off upload is an error, not a half-grey picture.
  if (v.thumbnail_buffer(const_cast<char*>(data.data()), data.size(), &out, size.width, "height", size.height, "crop",
                         VIPS_INTERESTING_CENTRE, "size", VIPS_SIZE_BOTH, "option_string", "fail_on=truncated",
                         nullptr)) {
    std::string err = v.error_buffer();
    v.error_clear();
    throw std::runtime_error("image decode failed: " + err);
  }
  auto unref = [&v](VipsImage* i) { v.object_unref(i); };
  std::unique_ptr<VipsImage, decltype(unref)> img(out, unref);
  // JPEG has no alpha: flatten transparent pictures on white.
  if (v.image_hasalpha(img.get())) {
    VipsImage* flat = nullptr;
    VipsArrayDouble* bg = v.array_double_newv(3, 255.0, 255.0, 255.0);
    int rc = v.flatten(img.get(), &flat, "background", bg, nullptr);
    v.area_unref(VIPS_AREA(bg));
    if (rc) {
      v.error_clear();
      throw std::runtime_error("image flatten failed");
    }
    img.reset(flat);
  }
  void* buf = nullptr;
  size_t len = 0;
  if (v.jpegsave_buffer(img.get(), &buf, &len, "Q", quality, "strip", TRUE, nullptr)) {
    v.error_clear();
    throw std::runtime_error("image encode failed");
  }
  std::string result(static_cast<char*>(buf), len);
  v.free(buf);
  return result;
}

}  // namespace vv::media
