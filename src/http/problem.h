// PeerTube's error body (RFC 7807 "problem details"), built from an ApiError.
#pragma once
#include "core/api_error.h"
#include "http/message.h"

namespace vv::http {

Response problem(const ApiError& e);
Response problem(int status, const std::string& detail, const std::string& code = {});
const char* status_title(int status);

}  // namespace vv::http
