// Maps (method, path) to a handler. Patterns are split on '/'; a segment
// `:name` captures one path segment into Request::params, and a last segment
// `*name` captures the rest of the path (possibly empty, '/'-joined, still
// percent-encoded). A handler is plain
// synchronous code: the server runs it on the blocking pool (it may query the
// database) unless the route is marked `inline` (pure in-memory work, answered
// on the I/O thread without a thread hop).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "http/body_sink.h"
#include "http/message.h"

namespace vv::http {

using Handler = std::function<Response(Request&)>;

struct RouteOptions {
  bool run_inline = false;          // no blocking work: run on the I/O thread
  size_t body_limit = 1024 * 1024;  // bytes accepted in the body
  // The 200 answer to an anonymous GET depends only on the target and the
  // stored data: the server may reuse it until ServerOptions::cache_generation
  // changes.
  bool cache_anonymous = false;
  // Request headers that change the answer (e.g. a video password): a
  // request carrying one is never answered from, nor stored in, the cache.
  std::vector<std::string> cache_bypass_headers;
  // Stream the body into a sink instead of memory (uploads).
  BodySinkFactory body_sink;
  // Runs on the worker pool after the header and before any body byte is
  // read (authentication, quota): throwing ApiError refuses the upload
  // without receiving it. Only for body_sink routes.
  Handler before_body;
};

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;
  Handler handler;
  RouteOptions options;
};

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  bool other_method = false;  // the path exists with another method (405)
};

class Router {
public:
  void add(std::string method, std::string pattern, Handler h, RouteOptions opt = {});
  void get(std::string p, Handler h, RouteOptions o = {}) { add("GET", std::move(p), std::move(h), o); }
  void post(std::string p, Handler h, RouteOptions o = {}) { add("POST", std::move(p), std::move(h), o); }
  void put(std::string p, Handler h, RouteOptions o = {}) { add("PUT", std::move(p), std::move(h), o); }
  void del(std::string p, Handler h, RouteOptions o = {}) { add("DELETE", std::move(p), std::move(h), o); }

  // HEAD falls back to the GET route (the server drops the body).
  RouteMatch find(std::string_view method, std::string_view path) const;

private:
  std::vector<Route> routes_;
};

std::vector<std::string> split_path(std::string_view path);

}  // namespace vv::http
