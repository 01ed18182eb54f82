// The error every layer throws when a request cannot be served; the HTTP layer
// turns it into PeerTube's RFC 7807 body:
//   {"type": <docs URL of code, or about:blank>, "title": ..., "detail": ...,
//    "status": 400, "code": ..., "invalid-params": {...}}
#pragma once
#include <stdexcept>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace vv {

struct ApiError : std::runtime_error {
  int status;
  std::string code;               // PeerTube's ServerErrorCode / OAuth2 error, may be empty
  boost::json::object invalid;    // field -> {msg, param, value, location}

  ApiError(int status, std::string detail, std::string code = {})
      : std::runtime_error(std::move(detail)), status(status), code(std::move(code)) {}

  ApiError with_detail(std::string detail) && {
    ApiError e(status, std::move(detail), std::move(code));
    e.invalid = std::move(invalid);
    return e;
  }

  static ApiError bad_request(std::string detail, std::string code = {}) { return {400, std::move(detail), std::move(code)}; }
  static ApiError unauthorized(std::string detail = "Authentication is required", std::string code = {}) { return {401, std::move(detail), std::move(code)}; }
  static ApiError forbidden(std::string detail = "User cannot do this action", std::string code = {}) { return {403, std::move(detail), std::move(code)}; }
  static ApiError not_found(std::string detail = "Not found", std::string code = {}) { return {404, std::move(detail), std::move(code)}; }
  static ApiError conflict(std::string detail, std::string code = {}) { return {409, std::move(detail), std::move(code)}; }
};

// A validation failure on one field (PeerTube answers 400 with invalid-params).
// `value` is what the client sent (express-validator reports it back).
ApiError invalid_param(const std::string& field, const std::string& message,
                       const std::string& location = "body", const boost::json::value& value = nullptr);

}  // namespace vv
