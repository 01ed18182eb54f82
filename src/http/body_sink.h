// Where a streamed request body goes. Routes with large bodies (video
// uploads, resumable chunks) give a factory in RouteOptions::body_sink; the
// server then reads the body slice by slice into the sink instead of into
// memory, so a 10 GB upload costs a fixed 256 kB buffer.
//
// The factory runs on the I/O thread once the header is read and may throw
// ApiError to refuse the body before any byte of it is read.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/message.h"

namespace vv::http {

class BodySink {
public:
  virtual ~BodySink() = default;
  // Consecutive body bytes. false stops the upload: the request is answered
  // 400 with `error` and the connection closed.
  virtual bool write(std::string_view data) = 0;
  // The whole body arrived: record results in the request for the handler.
  virtual void complete(Request& req) = 0;
  // The body did not arrive whole (connection lost, too large, refused).
  virtual void interrupted() {}

  std::string error;
};

using BodySinkFactory = std::function<std::unique_ptr<BodySink>(Request& req)>;

// multipart/form-data into temporary files (parts with a filename) and
// memory (other fields, 1 MB in total at most), in `tmp_dir`.
BodySinkFactory multipart_to_files(std::string tmp_dir);

}  // namespace vv::http
