// A filter sees every request before its handler and every response after it,
// in the order the server lists them (Envoy-style). on_request may answer the
// request itself (a CORS preflight, a 429). Filters run on the I/O thread and
// must not block.
#pragma once
#include <optional>

#include "http/message.h"

namespace vv::http {

class Filter {
public:
  virtual ~Filter() = default;
  virtual std::optional<Response> on_request(Request& req) = 0;
  virtual void on_response(const Request& req, Response& res) = 0;
};

}  // namespace vv::http
