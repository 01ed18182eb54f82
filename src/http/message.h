// Request and response as handlers see them: plain structs with no Beast or
// Asio types, so controllers compile fast and can be unit-tested without a
// socket. server.cpp converts to and from the wire.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

namespace vv::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;  // names lower-case

// A file part of a streamed multipart body, already on disk. The handler
// moves what it keeps; the server deletes what is left after the handler.
struct UploadedFile {
  std::string field;
  std::string filename;  // as the client named it (untrusted)
  std::string content_type;
  std::string path;      // temporary file
  uint64_t size = 0;
};

struct Request {
  std::string method;   // "GET", "POST", ...
  std::string target;   // raw request target
  std::string path;     // raw path, no query (route params are decoded one by one)
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  HeaderList headers;
  std::string body;
  std::string remote_ip;
  std::map<std::string, std::string> params;  // from the route pattern
  // Filled by streamed bodies (RouteOptions::body_sink).
  std::vector<UploadedFile> files;
  std::vector<std::pair<std::string, std::string>> form;
  uint64_t streamed_bytes = 0;  // body bytes given to the sink

  std::string_view header(std::string_view lower_name) const;
  std::optional<std::string> query_param(std::string_view name) const;
  std::vector<std::string> query_params(std::string_view name) const;  // repeated keys and key[]
  const std::string& param(const std::string& name) const { return params.at(name); }
};

// A file range to send with sendfile(2) after the headers.
struct FileBody {
  std::string path;
  uint64_t offset = 0;
  uint64_t length = 0;
};

struct Response {
  int status = 200;
  HeaderList headers;
  std::string body;
  std::optional<FileBody> file;
  bool close = false;  // ask the connection to close after this response

  void set_header(std::string name, std::string value);
  std::string_view header(std::string_view lower_name) const;

  static Response json(const boost::json::value& v, int status = 200);
  static Response no_content() { Response r; r.status = 204; return r; }
  static Response text(std::string body, int status = 200, std::string type = "text/plain; charset=utf-8");
};

// Helpers shared by parsers.
std::string percent_decode(std::string_view s, bool plus_as_space);
std::vector<std::pair<std::string, std::string>> parse_urlencoded(std::string_view s);
std::string to_lower(std::string_view s);

}  // namespace vv::http
