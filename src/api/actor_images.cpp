#include "api/actor_images.h"
#include "api/uploaded_image.h"

#include <fstream>

#include "core/api_error.h"
#include "core/files.h"
#include "core/ids.h"
#include "http/multipart.h"
#include "http/router.h"
#include "http/static_file.h"
#include "media/image.h"

namespace vv::api {

namespace fs = std::filesystem;
constexpr size_t kMaxImageBytes = 4 * 1024 * 1024;  // PeerTube's CONSTRAINTS_FIELDS.ACTORS.IMAGE.FILE_SIZE

static fs::path images_dir(ApiContext& ctx) { return ctx.cfg()->storage_dir("actor_images"); }

boost::json::array pick_actor_image(ApiContext& ctx, const http::Request& req, int64_t actor_id, model::ImageType type,
                                    const char* field) {
  auto boundary = http::multipart_boundary(req.header("content-type"));
  if (!boundary) throw invalid_param(field, "Should be sent as multipart/form-data");
  auto parts = http::parse_multipart(req.body, *boundary);
  if (!parts) throw ApiError(400, "Malformed multipart body");
  const http::Part* file = nullptr;
  for (const auto& p : *parts)
    if (p.name == field && p.filename) file = &p;
  if (!file) throw invalid_param(field, "This file is not supported or too large. Please, make sure it is of the following type: .png, .jpeg, .jpg, .gif, .webp");
  if (file->data.size() > kMaxImageBytes) throw ApiError(413, "The image is too large (4 MB at most)");
  if (!media::is_supported_image(file->data))
    throw invalid_param(field, "This file is not supported or too large. Please, make sure it is of the following type: .png, .jpeg, .jpg, .gif, .webp");

  const auto& sizes = type == model::ImageType::avatar ? media::avatar_sizes() : media::banner_sizes();
  fs::path dir = images_dir(ctx);
  fs::create_directories(dir);
  std::vector<model::ActorImage> rows;
  std::vector<fs::path> written;
  try {
    for (const auto& size : sizes) {
      std::string jpeg = resize_uploaded_image(
          file->data, size, field,
          "This file is not supported or too large. Please, make sure it is of the following type: .png, .jpeg, .jpg, .gif, .webp");
      model::ActorImage im;
      im.filename = uuid_v4() + ".jpg";
      im.width = size.width;
      im.height = size.height;
      im.type = static_cast<int>(type);
      write_file_atomically(dir / im.filename, jpeg);
      written.push_back(dir / im.filename);
      rows.push_back(im);
    }
  } catch (const std::runtime_error& e) {
    for (auto& p : written) fs::remove(p);
    throw invalid_param(field, std::string("The image could not be processed: ") + e.what());
  }

  std::vector<model::ActorImage> old, fresh;
  try {
    ctx.db.write([&](soci::session& s) {
      old = model::images_of(s, actor_id, type);
      model::replace_images(s, actor_id, type, rows);
      fresh = model::images_of(s, actor_id, type);
    });
  } catch (...) {
    for (auto& p : written) fs::remove(p);
    throw;
  }
  std::error_code ec;
  for (const auto& im : old) fs::remove(dir / im.filename, ec);
  return images_json(fresh, ctx.base_url());
}

void remove_actor_image(ApiContext& ctx, int64_t actor_id, model::ImageType type) {
  std::vector<model::ActorImage> old;
  ctx.db.write([&](soci::session& s) {
    old = model::images_of(s, actor_id, type);
    model::delete_images(s, actor_id, type);
    model::touch_actor(s, actor_id);
  });
  std::error_code ec;
  for (const auto& im : old) fs::remove(images_dir(ctx) / im.filename, ec);
}

void remove_actor_files(ApiContext& ctx, soci::session& s, int64_t actor_id) {
  std::error_code ec;
  for (auto type : {model::ImageType::avatar, model::ImageType::banner})
    for (const auto& im : model::images_of(s, actor_id, type)) fs::remove(images_dir(ctx) / im.filename, ec);
}

void register_static_image_routes(http::Router& router, ApiContext& ctx) {
  auto serve = [&ctx](http::Request& req) {
    auto path = http::safe_join(images_dir(ctx), req.param("filename"));
    if (!path) throw ApiError(404, "File not found");
    return http::serve_file(req, *path, "public, max-age=172800");
  };
  router.get("/lazy-static/avatars/:filename", serve);
  router.get("/lazy-static/banners/:filename", serve);
}

}  // namespace vv::api
