#include "http/problem.h"

#include <boost/json/serialize.hpp>

namespace vv::http {

const char* status_title(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

Response problem(const ApiError& e) {
  boost::json::object o;
  // As PeerTube's res.fail(): the type is the documentation URL of the code.
  o["type"] = e.code.empty() ? std::string("about:blank")
                             : "https://docs.joinpeertube.org/api-rest-reference.html#section/Errors/" + e.code;
  o["title"] = status_title(e.status);
  o["detail"] = e.what();
  o["status"] = e.status;
  if (!e.code.empty()) o["code"] = e.code;
  if (!e.invalid.empty()) o["invalid-params"] = e.invalid;
  Response r;
  r.status = e.status;
  r.body = boost::json::serialize(o);
  r.headers.emplace_back("content-type", "application/problem+json; charset=utf-8");
  return r;
}

Response problem(int status, const std::string& detail, const std::string& code) {
  return problem(ApiError(status, detail, code));
}

}  // namespace vv::http
