// Video uploads: the legacy multipart POST /api/v1/videos/upload and the
// resumable protocol (POST to start, PUT chunks with Content-Range answered
// 308 + Range until the last, DELETE to cancel) under
// /api/v1/videos/upload-resumable.
//
// Bytes never sit in memory: the multipart body streams to a temporary file,
// chunks stream straight into tmp/resumable-uploads/<upload_id>. Auth, channel
// and quota are checked before the body is read (RouteOptions::before_body).
// Because the upload file itself is the record of what arrived, a resumed or
// restarted upload continues from its size on disk.
#include <fcntl.h>
#include <unistd.h>

#include <fstream>

#include <boost/json.hpp>

#include "api/auth.h"
#include "api/routes.h"
#include "api/validate.h"
#include "api/video_publish.h"
#include "core/api_error.h"
#include "core/crypto.h"
#include "core/ids.h"
#include "model/resumable_upload.h"

namespace vv::api {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

constexpr uint64_t kMaxUploadBytes = 50ULL * 1024 * 1024 * 1024;  // PeerTube's PARTIAL_UPLOAD_SIZE max

fs::path resumable_dir(ApiContext& ctx) { return ctx.cfg()->storage_dir("tmp") / "resumable-uploads"; }
fs::path upload_tmp_dir(ApiContext& ctx) { return ctx.cfg()->storage_dir("tmp") / "uploads"; }

bool valid_upload_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string upload_id_of(const http::Request& req) {
  std::string id = req.query_param("upload_id").value_or("");
  if (!valid_upload_id(id)) throw ApiError(404, "Upload not found");
  return id;
}

uint64_t file_size_or_zero(const fs::path& p) {
  std::error_code ec;
  auto n = fs::file_size(p, ec);
  return ec ? 0 : n;
}

http::Response resume_incomplete(uint64_t received) {
  http::Response r;
  r.status = 308;
  if (received > 0) r.set_header("range", "bytes=0-" + std::to_string(received - 1));
  r.set_header("content-length", "0");
  return r;
}

struct ContentRange {
  bool query = false;  // "bytes */total"
  uint64_t first = 0, last = 0, total = 0;
};

std::optional<ContentRange> parse_content_range(std::string_view h) {
  if (!h.starts_with("bytes ")) return std::nullopt;
  h.remove_prefix(6);
  auto slash = h.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto num = [](std::string_view s, uint64_t& v) {
    if (s.empty() || s.size() > 15) return false;
    v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    return true;
  };
  ContentRange cr;
  if (!num(h.substr(slash + 1), cr.total)) return std::nullopt;
  std::string_view range = h.substr(0, slash);
  if (range == "*") {
    cr.query = true;
    return cr;
  }
  auto dash = range.find('-');
  if (dash == std::string_view::npos || !num(range.substr(0, dash), cr.first) || !num(range.substr(dash + 1), cr.last) ||
      cr.last < cr.first || cr.last >= cr.total)
    return std::nullopt;
  return cr;
}

// Writes one chunk into the upload file at the offset checked beforehand.
class ChunkSink : public http::BodySink {
public:
  ChunkSink(const fs::path& file, uint64_t offset) {
    fd_ = ::open(file.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) throw ApiError(404, "Upload not found");
    // A chunk sent again after an interruption overwrites what it covers.
    if (::ftruncate(fd_, static_cast<off_t>(offset)) != 0 || ::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0) {
      ::close(fd_);
      throw ApiError(500, "Cannot write the upload");
    }
  }
  ~ChunkSink() override {
    if (fd_ >= 0) ::close(fd_);
  }
  bool write(std::string_view d) override {
    while (!d.empty()) {
      ssize_t n = ::write(fd_, d.data(), d.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        error = "Cannot store the chunk (disk full?)";
        return false;
      }
      d.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  // What arrived before a cut stays: the next status query reports it.
  void complete(http::Request&) override {}

private:
  int fd_ = -1;
};

model::User owner_of_upload(ApiContext& ctx, const http::Request& req, model::ResumableUpload* out) {
  auto user = require_user(ctx, req);
  std::string id = upload_id_of(req);
  auto up = ctx.db.read([&](soci::session& s) { return model::find_resumable_upload(s, id); });
  if (!up) throw ApiError(404, "Upload not found");
  if (up->user_id != user.id) throw ApiError(403, "This upload belongs to another user");
  if (out) *out = *up;
  return user;
}

}  // namespace

void register_video_upload_routes(http::Router& r, ApiContext& ctx) {
  // ---- legacy multipart upload ----
  http::RouteOptions legacy;
  legacy.body_limit = kMaxUploadBytes;
  legacy.before_body = [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    // The body holds the file plus a little multipart framing: refuse at once
    // what could not fit, check the exact size once the file is here.
    std::string_view cl = req.header("content-length");
    int64_t declared = cl.empty() ? 0 : std::stoll(std::string(cl));
    ctx.db.read([&](soci::session& s) { check_quota(ctx, s, user, std::max<int64_t>(0, declared - 64 * 1024)); });
    return http::Response::no_content();
  };
  legacy.body_sink = [&ctx](http::Request& req) { return http::multipart_to_files(upload_tmp_dir(ctx).string())(req); };
  r.post("/api/v1/videos/upload", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    json::object fields = form_to_json(req.form);
    const http::UploadedFile* video = nullptr;
    std::optional<std::string> thumb, preview;
    for (const auto& f : req.files) {
      if (f.field == "videofile" && !video) video = &f;
      if (f.field == "thumbnailfile") thumb = f.path;
      if (f.field == "previewfile") preview = f.path;
    }
    if (!video) throw invalid_param("videofile", "Should have a file");
    VideoMetadata meta = parse_video_metadata(fields, true);
    if (!upload_extension_allowed(*ctx.cfg(), video->filename))
      throw ApiError(415, "This file is not supported. Please, make sure it is of the following type: .mp4, .webm, .ogv, "
                          "and the formats enabled by the instance");
    ctx.db.read([&](soci::session& s) {
      upload_channel(ctx, s, user, *meta.channel_id);
      check_quota(ctx, s, user, static_cast<int64_t>(video->size));
    });
    auto created = create_video(ctx, user, meta, {video->path, video->filename, thumb, preview});
    return http::Response::json(json::object{
        {"video", json::object{{"id", created.id}, {"uuid", created.uuid}, {"shortUUID", uuid_to_short(created.uuid)}}}});
  }, legacy);

  // ---- resumable upload ----
  r.post("/api/v1/videos/upload-resumable", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    json::object body = body_object(req);
    std::string filename = req_string(body, "filename", 1, 1000);
    VideoMetadata meta = parse_video_metadata(body, true);
    std::string_view len_h = req.header("x-upload-content-length");
    if (len_h.empty() || !std::all_of(len_h.begin(), len_h.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        len_h.size() > 15)
      throw invalid_param("x-upload-content-length", "Should specify the file length", "headers");
    if (req.header("x-upload-content-type").empty())
      throw invalid_param("x-upload-content-type", "Should specify the file mimetype", "headers");
    uint64_t size = std::stoull(std::string(len_h));
    if (size == 0 || size > kMaxUploadBytes)
      throw ApiError(413, "This file is too large. It exceeds the maximum file size authorized.", "max_file_size_reached");
    if (!upload_extension_allowed(*ctx.cfg(), filename))
      throw ApiError(415, "This file is not supported. Please, make sure it is of the following type: .mp4, .webm, .ogv, "
                          "and the formats enabled by the instance");
    model::ResumableUpload up;
    up.user_id = user.id;
    up.metadata = json::serialize(body);
    // The id derives from who uploads what (as uploadx does): initialising the
    // same upload again finds the bytes already received.
    up.upload_id = sha256_hex(std::to_string(user.id) + "\n" + std::to_string(size) + "\n" + up.metadata).substr(0, 32);
    auto existing = ctx.db.read([&](soci::session& s) { return model::find_resumable_upload(s, up.upload_id); });
    if (existing && existing->user_id == user.id && fs::exists(resumable_dir(ctx) / up.upload_id)) {
      http::Response again;
      again.status = 200;
      again.set_header("location", ctx.base_url() + "/api/v1/videos/upload-resumable?upload_id=" + up.upload_id);
      again.set_header("content-length", "0");
      return again;
    }
    up.filename = filename;
    up.size = static_cast<int64_t>(size);
    fs::create_directories(resumable_dir(ctx));
    fs::path file = resumable_dir(ctx) / up.upload_id;
    { std::ofstream(file, std::ios::binary | std::ios::trunc); }
    try {
      ctx.db.write([&](soci::session& s) {
        upload_channel(ctx, s, user, *meta.channel_id);
        check_quota(ctx, s, user, static_cast<int64_t>(size));
        model::delete_resumable_upload(s, up.upload_id);  // a row whose bytes were lost
        model::insert_resumable_upload(s, up);
      });
    } catch (...) {
      std::error_code ec;
      fs::remove(file, ec);
      throw;
    }
    http::Response res;
    res.status = 201;
    res.set_header("location", ctx.base_url() + "/api/v1/videos/upload-resumable?upload_id=" + up.upload_id);
    res.set_header("content-length", "0");
    return res;
  }, {.body_limit = 256 * 1024});

  http::RouteOptions chunk;
  chunk.body_limit = kMaxUploadBytes;
  chunk.before_body = [&ctx](http::Request& req) {
    model::ResumableUpload up;
    owner_of_upload(ctx, req, &up);
    auto cr = parse_content_range(req.header("content-range"));
    fs::path file = resumable_dir(ctx) / up.upload_id;
    uint64_t have = file_size_or_zero(file);
    if (!cr) throw ApiError(400, "Invalid or missing Content-Range header");
    if (cr->total != static_cast<uint64_t>(up.size))
      throw ApiError(400, "Content-Range total does not match the declared upload size");
    if (cr->query) return resume_incomplete(have);
    if (cr->first > have) {
      http::Response gap = resume_incomplete(have);
      gap.status = 416;
      return gap;  // a hole would corrupt the file: the client resumes from Range
    }
    std::string_view cl = req.header("content-length");
    if (cl.empty() || std::to_string(cr->last - cr->first + 1) != cl)
      throw ApiError(400, "Content-Length does not match Content-Range");
    req.params["__offset"] = std::to_string(cr->first);
    return http::Response::no_content();
  };
  chunk.body_sink = [&ctx](http::Request& req) -> std::unique_ptr<http::BodySink> {
    return std::make_unique<ChunkSink>(resumable_dir(ctx) / upload_id_of(req), std::stoull(req.params.at("__offset")));
  };
  r.put("/api/v1/videos/upload-resumable", [&ctx](http::Request& req) {
    model::ResumableUpload up;
    auto user = owner_of_upload(ctx, req, &up);
    fs::path file = resumable_dir(ctx) / up.upload_id;
    uint64_t have = file_size_or_zero(file);
    if (have < static_cast<uint64_t>(up.size)) {
      ctx.db.write([&](soci::session& s) { model::touch_resumable_upload(s, up.upload_id); });
      return resume_incomplete(have);
    }
    // Complete: it becomes a video, or the bytes go.
    auto cleanup = [&] {
      std::error_code ec;
      fs::remove(file, ec);
      ctx.db.write([&](soci::session& s) { model::delete_resumable_upload(s, up.upload_id); });
    };
    try {
      json::object body = json::parse(up.metadata).as_object();
      VideoMetadata meta = parse_video_metadata(body, true);
      auto created = create_video(ctx, user, meta, {file.string(), up.filename, std::nullopt, std::nullopt});
      cleanup();
      return http::Response::json(json::object{
          {"video", json::object{{"id", created.id}, {"uuid", created.uuid}, {"shortUUID", uuid_to_short(created.uuid)}}}});
    } catch (...) {
      cleanup();
      throw;
    }
  }, chunk);

  r.del("/api/v1/videos/upload-resumable", [&ctx](http::Request& req) {
    model::ResumableUpload up;
    owner_of_upload(ctx, req, &up);
    std::error_code ec;
    fs::remove(resumable_dir(ctx) / up.upload_id, ec);
    ctx.db.write([&](soci::session& s) { model::delete_resumable_upload(s, up.upload_id); });
    return http::Response::no_content();
  });
}

}  // namespace vv::api
