// Incremental multipart/form-data parser for bodies too large to hold in
// memory (video uploads). Bytes arrive in arbitrary slices through feed();
// the parser reports each part's headers, its data in slices, and its end.
//
// The only subtle part is the delimiter ("\r\n--" + boundary) being split
// across two slices: data is reported up to the last position where a
// delimiter could still begin, and that tail is kept until more bytes arrive.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace vv::http {

struct PartHeader {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;
};

class MultipartStreamParser {
public:
  struct Callbacks {
    std::function<bool(const PartHeader&)> on_part_begin;  // false aborts
    std::function<bool(std::string_view)> on_part_data;    // false aborts
    std::function<bool()> on_part_end;                     // false aborts
  };

  MultipartStreamParser(std::string boundary, Callbacks cb);

  // Returns false once the body is malformed or a callback aborted.
  bool feed(std::string_view data);
  // True when the closing delimiter has been seen.
  bool done() const { return state_ == State::done; }
  const std::string& error() const { return error_; }

private:
  enum class State { preamble, after_delimiter, headers, body, done, failed };
  bool fail(std::string why);
  bool parse_headers(std::string_view block, PartHeader& out);

  std::string dash_boundary_;  // "--" + boundary
  std::string delimiter_;      // "\r\n--" + boundary
  Callbacks cb_;
  State state_ = State::preamble;
  std::string buf_;
  std::string error_;
  size_t parts_ = 0;
};

}  // namespace vv::http
