// CORS on /api/*, /.well-known/*, /static/* and /lazy-static/* like PeerTube:
// any origin, credentials not used (bearer tokens), preflight answered here.
#pragma once
#include "http/filter.h"

namespace vv::http {

class CorsFilter : public Filter {
public:
  std::optional<Response> on_request(Request& req) override;
  void on_response(const Request& req, Response& res) override;
  static bool applies(std::string_view path);
};

}  // namespace vv::http
