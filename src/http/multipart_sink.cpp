#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include "core/api_error.h"
#include "core/ids.h"
#include "http/body_sink.h"
#include "http/multipart.h"
#include "http/multipart_stream.h"

namespace vv::http {

namespace {

constexpr size_t kMaxFieldBytes = 1024 * 1024;

class MultipartFileSink : public BodySink {
public:
  MultipartFileSink(std::string boundary, std::string tmp_dir)
      : tmp_dir_(std::move(tmp_dir)),
        parser_(std::move(boundary), {[this](const PartHeader& h) { return begin(h); },
                                      [this](std::string_view d) { return data(d); }, [this] { return end(); }}) {}

  ~MultipartFileSink() override {
    close_fd();
    if (!completed_) remove_files();
  }

  bool write(std::string_view d) override {
    if (parser_.feed(d)) return true;
    if (error.empty()) error = "Malformed multipart body: " + parser_.error();
    return false;
  }

  void complete(Request& req) override {
    if (!parser_.done()) {
      error = "Malformed multipart body: missing closing boundary";
      throw ApiError(400, error);
    }
    completed_ = true;
    req.files = std::move(files_);
    req.form = std::move(fields_);
  }

  void interrupted() override { remove_files(); }

private:
  bool begin(const PartHeader& h) {
    current_ = h;
    value_.clear();
    if (h.filename) {
      UploadedFile f;
      f.field = h.name;
      f.filename = *h.filename;
      f.content_type = h.content_type;
      f.path = tmp_dir_ + "/upload-" + uuid_v4();
      fd_ = ::open(f.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
      if (fd_ < 0) {
        error = "Cannot store the uploaded file";
        return false;
      }
      files_.push_back(std::move(f));
    }
    return true;
  }

  bool data(std::string_view d) {
    if (current_.filename) {
      while (!d.empty()) {
        ssize_t n = ::write(fd_, d.data(), d.size());
        if (n < 0) {
          if (errno == EINTR) continue;
          error = "Cannot store the uploaded file (disk full?)";
          return false;
        }
        d.remove_prefix(static_cast<size_t>(n));
        files_.back().size += static_cast<uint64_t>(n);
      }
      return true;
    }
    field_bytes_ += d.size();
    if (field_bytes_ > kMaxFieldBytes) {
      error = "Form fields are too large";
      return false;
    }
    value_.append(d);
    return true;
  }

  bool end() {
    if (current_.filename) close_fd();
    else fields_.emplace_back(current_.name, std::move(value_));
    return true;
  }

  void close_fd() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  void remove_files() {
    close_fd();
    std::error_code ec;
    for (const auto& f : files_) std::filesystem::remove(f.path, ec);
    files_.clear();
  }

  std::string tmp_dir_;
  MultipartStreamParser parser_;
  PartHeader current_;
  std::string value_;
  size_t field_bytes_ = 0;
  int fd_ = -1;
  bool completed_ = false;
  std::vector<UploadedFile> files_;
  std::vector<std::pair<std::string, std::string>> fields_;
};

}  // namespace

BodySinkFactory multipart_to_files(std::string tmp_dir) {
  return [tmp_dir](Request& req) -> std::unique_ptr<BodySink> {
    auto boundary = multipart_boundary(req.header("content-type"));
    if (!boundary) throw ApiError(400, "The body must be multipart/form-data");
    std::filesystem::create_directories(tmp_dir);
    return std::make_unique<MultipartFileSink>(*boundary, tmp_dir);
  };
}

}  // namespace vv::http
