// The HTTP/1.1 server: Boost.Beast over Asio, one io_context per I/O thread,
// each with its own SO_REUSEPORT acceptor (the kernel spreads connections;
// measured faster here than one shared io_context with strands).
//
// A connection is a C++20 coroutine that loops: read the header, find the
// route, check the body size against the route's limit (413 before reading
// it), read the body, run the filters, run the handler — on the I/O thread for
// `inline` routes, otherwise on the blocking worker pool, so database calls
// never stall an I/O thread — write the response (file bodies with sendfile),
// repeat while keep-alive.
//
// Stop is graceful: the acceptors close, idle keep-alive connections are
// closed, requests in flight finish (up to `drain_timeout`), then run()
// returns.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/filter.h"
#include "http/router.h"

namespace vv::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 9000;
  int io_threads = 0;                // 0: one per core
  int worker_threads = 0;            // 0: 4 per core, at least 8
  size_t header_limit = 16 * 1024;
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds drain_timeout{15};
  bool access_log = true;
  bool trust_loopback_proxy = true;  // X-Forwarded-For from 127.0.0.0/8 or ::1 is believed
  bool handle_signals = true;        // SIGINT/SIGTERM start a graceful stop
  // Changes whenever data that cacheable routes read may have changed; unset
  // disables the response cache.
  std::function<uint64_t()> cache_generation;
  // Answers requests no route matches (e.g. the web client's SPA fallback).
  Handler fallback;
};

class Server {
public:
  Server(ServerOptions opts, const Router& router, std::vector<std::shared_ptr<Filter>> filters);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening sockets (throws on failure); returns the bound port.
  uint16_t bind();
  // Serves until stop() or a signal; returns after draining.
  void run();
  // Thread-safe; starts a graceful stop.
  void stop();

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vv::http
