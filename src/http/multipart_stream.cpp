#include "http/multipart_stream.h"

#include "http/message.h"
#include "http/multipart.h"

namespace vv::http {

namespace {
constexpr size_t kMaxHeaderBlock = 16 * 1024;
constexpr size_t kMaxParts = 64;
constexpr size_t kMaxPreamble = 64 * 1024;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

MultipartStreamParser::MultipartStreamParser(std::string boundary, Callbacks cb)
    : dash_boundary_("--" + boundary), delimiter_("\r\n--" + boundary), cb_(std::move(cb)) {}

bool MultipartStreamParser::fail(std::string why) {
  state_ = State::failed;
  error_ = std::move(why);
  return false;
}

bool MultipartStreamParser::parse_headers(std::string_view block, PartHeader& out) {
  size_t pos = 0;
  while (pos <= block.size()) {
    size_t eol = block.find("\r\n", pos);
    std::string_view line = block.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string name = to_lower(trim(line.substr(0, colon)));
      std::string_view value = trim(line.substr(colon + 1));
      if (name == "content-disposition") {
        if (auto n = header_param(value, "name")) out.name = *n;
        out.filename = header_param(value, "filename");
      } else if (name == "content-type") {
        out.content_type = std::string(value);
      }
    }
    if (eol == std::string_view::npos) break;
    pos = eol + 2;
  }
  return !out.name.empty();
}

bool MultipartStreamParser::feed(std::string_view data) {
  if (state_ == State::failed) return false;
  if (state_ == State::done) return true;  // epilogue is ignored
  buf_.append(data);
  for (;;) {
    switch (state_) {
      case State::preamble: {
        size_t p = buf_.find(dash_boundary_);
        if (p == std::string::npos) {
          if (buf_.size() > kMaxPreamble) return fail("no multipart boundary found");
          return true;
        }
        buf_.erase(0, p + dash_boundary_.size());
        state_ = State::after_delimiter;
        break;
      }
      case State::after_delimiter: {
        if (buf_.size() < 2) return true;
        if (buf_.compare(0, 2, "--") == 0) {
          state_ = State::done;
          buf_.clear();
          return true;
        }
        if (buf_.compare(0, 2, "\r\n") != 0) return fail("malformed multipart delimiter");
        buf_.erase(0, 2);
        state_ = State::headers;
        break;
      }
      case State::headers: {
        size_t end = buf_.find("\r\n\r\n");
        if (end == std::string::npos) {
          if (buf_.size() > kMaxHeaderBlock) return fail("multipart part headers too large");
          return true;
        }
        PartHeader h;
        if (!parse_headers(std::string_view(buf_).substr(0, end), h)) return fail("multipart part without a name");
        if (++parts_ > kMaxParts) return fail("too many multipart parts");
        buf_.erase(0, end + 4);
        if (cb_.on_part_begin && !cb_.on_part_begin(h)) return fail("part refused");
        state_ = State::body;
        break;
      }
      case State::body: {
        size_t p = buf_.find(delimiter_);
        if (p == std::string::npos) {
          // Keep what could be the start of a split delimiter.
          size_t keep = std::min(buf_.size(), delimiter_.size() - 1);
          size_t emit = buf_.size() - keep;
          if (emit > 0) {
            if (cb_.on_part_data && !cb_.on_part_data(std::string_view(buf_).substr(0, emit))) return fail("part refused");
            buf_.erase(0, emit);
          }
          return true;
        }
        if (p > 0 && cb_.on_part_data && !cb_.on_part_data(std::string_view(buf_).substr(0, p))) return fail("part refused");
        if (cb_.on_part_end && !cb_.on_part_end()) return fail("part refused");
        buf_.erase(0, p + delimiter_.size());
        state_ = State::after_delimiter;
        break;
      }
      case State::done:
        return true;
      case State::failed:
        return false;
    }
  }
}

}  // namespace vv::http
