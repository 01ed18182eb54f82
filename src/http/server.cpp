#include "http/server.h"

#include <fcntl.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <list>
#include <thread>

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include "core/api_error.h"
#include "http/problem.h"

namespace vv::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

namespace {

struct Connection {
  beast::tcp_stream* stream = nullptr;
  bool idle = true;  // waiting for the next request's header
};

struct CachedResponse {
  uint64_t generation;
  Response response;
};

struct Worker {
  asio::io_context ioc{1};
  std::unique_ptr<tcp::acceptor> acceptor;
  std::list<Connection> connections;  // touched only on this worker's thread
  std::unordered_map<std::string, CachedResponse> cache;  // likewise
};

constexpr size_t kCacheEntriesPerWorker = 512;

// Closes a socket that stays silent longer than `idle` while a body streams
// in; checked once a second instead of re-arming a timer on every read.
// State is shared with pending handlers: `done` makes late ones harmless.
struct IdleWatch {
  struct State {
    State(tcp::socket& s, std::chrono::seconds i) : timer(s.get_executor()), sock(&s), idle(i) {}
    asio::steady_timer timer;
    tcp::socket* sock;
    std::chrono::seconds idle;
    std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
    bool done = false;
  };
  std::shared_ptr<State> st;

  void arm() const {
    st->timer.expires_after(std::chrono::seconds(1));
    st->timer.async_wait(*this);
  }
  void operator()(boost::system::error_code ec) const {
    if (ec || st->done) return;
    if (std::chrono::steady_clock::now() - st->last > st->idle) {
      boost::system::error_code ignored;
      st->sock->cancel(ignored);
      return;
    }
    arm();
  }
};

Response run_handler(const Route& route, Request& req) {
  try {
    return route.handler(req);
  } catch (const ApiError& e) {
    return problem(e);
  } catch (const std::exception& e) {
    spdlog::error("{} {}: unhandled error: {}", req.method, req.path, e.what());
    return problem(500, "Internal server error");
  }
}

bool is_loopback(const std::string& ip) { return ip.starts_with("127.") || ip == "::1" || ip.starts_with("::ffff:127."); }

}  // namespace

struct Server::Impl {
  ServerOptions opts;
  const Router& router;
  std::vector<std::shared_ptr<Filter>> filters;
  std::vector<std::unique_ptr<Worker>> workers;
  std::unique_ptr<asio::thread_pool> pool;
  std::atomic<bool> stopping{false};
  std::atomic<int> active{0};
  uint16_t bound_port = 0;

  Impl(ServerOptions o, const Router& r, std::vector<std::shared_ptr<Filter>> f)
      : opts(std::move(o)), router(r), filters(std::move(f)) {}

  awaitable<Response> on_pool(const Route& route, Request& req) {
    co_return co_await asio::async_initiate<decltype(use_awaitable), void(Response)>(
        [this, &route, &req](auto handler) {
          asio::post(*pool, [&route, &req, handler = std::move(handler)]() mutable {
            Response r = run_handler(route, req);
            auto ex = asio::get_associated_executor(handler);
            asio::post(ex, [r = std::move(r), handler = std::move(handler)]() mutable {
              std::move(handler)(std::move(r));
            });
          });
        },
        use_awaitable);
  }

  awaitable<Response> dispatch(Worker& worker, Request& req, const RouteMatch& m, bool filters_done = false) {
    if (!filters_done)
      for (auto& f : filters)
        if (auto early = f->on_request(req)) co_return std::move(*early);
    if (!m.route) {
      if (opts.fallback) {
        try {
          co_return opts.fallback(req);
        } catch (const ApiError& e) {
          co_return problem(e);
        }
      }
      if (m.other_method) co_return problem(405, "Method not allowed");
      co_return problem(404, "Not found");
    }
    req.params = m.params;
    if (m.route->options.run_inline) co_return run_handler(*m.route, req);
    bool cacheable = m.route->options.cache_anonymous && opts.cache_generation &&
                     (req.method == "GET" || req.method == "HEAD") && req.header("authorization").empty();
    for (const auto& h : m.route->options.cache_bypass_headers)
      if (!req.header(h).empty()) cacheable = false;
    if (!cacheable) co_return co_await on_pool(*m.route, req);
    // The generation is read before the handler runs: a write that lands
    // meanwhile makes this entry stale at once rather than hiding the write.
    uint64_t generation = opts.cache_generation();
    if (auto it = worker.cache.find(req.target); it != worker.cache.end() && it->second.generation == generation)
      co_return it->second.response;
    Response res = co_await on_pool(*m.route, req);
    if (res.status == 200 && !res.file) {
      if (worker.cache.size() >= kCacheEntriesPerWorker) worker.cache.clear();
      worker.cache[req.target] = CachedResponse{generation, res};
    }
    co_return res;
  }

  static void fill_request(Request& req, const bhttp::request<bhttp::string_body>& h) {
    req.method = std::string(h.method_string());
    req.target = std::string(h.target());
    std::string_view t = req.target;
    auto q = t.find('?');
    req.path = std::string(t.substr(0, q));
    if (q != std::string_view::npos) req.query = parse_urlencoded(t.substr(q + 1));
    for (const auto& f : h) {
      std::string name = to_lower(f.name_string());
      if (name.starts_with("x-vv-")) continue;  // internal annotations only
      req.headers.emplace_back(std::move(name), std::string(f.value()));
    }
  }

  template <class Body>
  static void copy_headers(bhttp::response<Body>& out, const Response& res) {
    for (const auto& [k, v] : res.headers) out.set(k, v);
  }

  awaitable<bool> write_response(beast::tcp_stream& stream, const Request& req, Response& res, bool keep_alive) {
    bool head = req.method == "HEAD";
    if (res.file) {
      bhttp::response<bhttp::empty_body> out{static_cast<bhttp::status>(res.status), 11};
      copy_headers(out, res);
      out.content_length(res.file->length);
      out.keep_alive(keep_alive);
      int fd = -1;
      if (!head) {
        fd = ::open(res.file->path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
          Response nf = problem(404, "File not found");
          co_return co_await write_response(stream, req, nf, keep_alive);
        }
      }
      bhttp::response_serializer<bhttp::empty_body> sr{out};
      auto [ec, n] = co_await bhttp::async_write_header(stream, sr, tuple_awaitable);
      if (ec || head) {
        if (fd >= 0) ::close(fd);
        co_return !ec;
      }
      bool ok = co_await send_file(stream, fd, res.file->offset, res.file->length);
      ::close(fd);
      co_return ok;
    }
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), 11};
    copy_headers(out, res);
    out.keep_alive(keep_alive);
    if (res.status == 204 || res.status == 304) {
      out.body().clear();
    } else {
      out.body() = std::move(res.body);
      out.prepare_payload();
    }
    if (head) {
      bhttp::response_serializer<bhttp::string_body> sr{out};
      auto [ec, n] = co_await bhttp::async_write_header(stream, sr, tuple_awaitable);
      co_return !ec;
    }
    auto [ec, n] = co_await bhttp::async_write(stream, out, tuple_awaitable);
    co_return !ec;
  }

  // sendfile(2) loop on the non-blocking socket, waiting for writability when
  // the kernel buffer is full.
  awaitable<bool> send_file(beast::tcp_stream& stream, int fd, uint64_t offset, uint64_t length) {
    auto& sock = stream.socket();
    sock.native_non_blocking(true);
    off_t off = static_cast<off_t>(offset);
    uint64_t left = length;
    asio::steady_timer deadline(sock.get_executor());
    while (left > 0) {
      ssize_t n = ::sendfile(sock.native_handle(), fd, &off, std::min<uint64_t>(left, 1u << 21));
      if (n > 0) {
        left -= static_cast<uint64_t>(n);
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        using namespace asio::experimental::awaitable_operators;
        deadline.expires_after(opts.idle_timeout);
        auto r = co_await (sock.async_wait(tcp::socket::wait_write, tuple_awaitable) ||
                           deadline.async_wait(tuple_awaitable));
        if (r.index() == 1) co_return false;  // client stopped reading
        if (std::get<0>(std::get<0>(r))) co_return false;
        continue;
      }
      co_return false;  // error, or the file shrank under us
    }
    co_return true;
  }

  enum class SinkOutcome { complete, answered, connection_lost };
  struct SinkResult {
    SinkOutcome outcome;
    Response response;  // when answered
  };

  // Streams the body of `req` into the route's sink. The filters run first
  // (a rate-limited upload is refused before its bytes are read).
  awaitable<SinkResult> read_into_sink(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                        bhttp::request_parser<bhttp::string_body>& header_parser, Request& req,
                                        const Route& route) {
    for (auto& f : filters)
      if (auto early = f->on_request(req)) {
        co_return SinkResult{SinkOutcome::answered, std::move(*early)};
      }
    if (route.options.before_body) {
      Route check{route.method, route.pattern, route.segments, route.options.before_body, {}};
      Response verdict = co_await on_pool(check, req);
      // The hook answers 2xx to go on; anything else is the answer.
      if (verdict.status >= 300) co_return SinkResult{SinkOutcome::answered, std::move(verdict)};
    }
    std::unique_ptr<BodySink> sink;
    try {
      sink = route.options.body_sink(req);
    } catch (const ApiError& e) {
      co_return SinkResult{SinkOutcome::answered, problem(e)};
    } catch (const std::exception& e) {
      spdlog::error("{} {}: body sink: {}", req.method, req.path, e.what());
      co_return SinkResult{SinkOutcome::answered, problem(500, "Internal server error")};
    }
    if (header_parser.get()[bhttp::field::expect] == "100-continue") {
      bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
      co_await bhttp::async_write(stream, cont, tuple_awaitable);
    }
    constexpr size_t kChunk = 1024 * 1024;
    auto chunk = std::make_unique<char[]>(kChunk);
    // A plain Content-Length body (every upload client sends one) is read
    // straight from the socket into the sink: no parser copy, no timer
    // syscall per slice. The idle limit is kept by a watchdog checked once a
    // second. Chunked bodies go through Beast's parser below.
    if (auto length = header_parser.content_length(); length && !header_parser.chunked()) {
      uint64_t remaining = *length;
      size_t buffered = std::min<uint64_t>(buffer.size(), remaining);
      if (buffered > 0) {
        auto data = buffer.data();
        std::string_view first(static_cast<const char*>(data.data()), buffered);
        req.streamed_bytes += buffered;
        bool ok = sink->write(first);
        buffer.consume(buffered);
        remaining -= buffered;
        if (!ok) {
          sink->interrupted();
          co_return SinkResult{SinkOutcome::answered, problem(400, sink->error.empty() ? std::string("Upload refused") : sink->error)};
        }
      }
      auto& sock = stream.socket();
      stream.expires_never();
      auto watch = std::make_shared<IdleWatch::State>(sock, opts.idle_timeout);
      auto finish_watch = [&watch] {
        watch->done = true;
        watch->timer.cancel();
      };
      IdleWatch{watch}.arm();
      while (remaining > 0) {
        size_t want = static_cast<size_t>(std::min<uint64_t>(remaining, kChunk));
        auto [ec, got] = co_await sock.async_read_some(asio::buffer(chunk.get(), want), tuple_awaitable);
        if (got > 0) {
          watch->last = std::chrono::steady_clock::now();
          req.streamed_bytes += got;
          remaining -= got;
          if (!sink->write(std::string_view(chunk.get(), got))) {
            finish_watch();
            sink->interrupted();
            co_return SinkResult{SinkOutcome::answered, problem(400, sink->error.empty() ? std::string("Upload refused") : sink->error)};
          }
        }
        if (ec) {
          finish_watch();
          sink->interrupted();
          co_return SinkResult{SinkOutcome::connection_lost, {}};
        }
      }
      finish_watch();
      try {
        sink->complete(req);
      } catch (const ApiError& e) {
        sink->interrupted();
        co_return SinkResult{SinkOutcome::answered, problem(e)};
      }
      co_return SinkResult{SinkOutcome::complete, {}};
    }

    bhttp::request_parser<bhttp::buffer_body> parser(std::move(header_parser));
    parser.body_limit(route.options.body_limit);
    // The idle deadline is re-armed at most once a second: re-arming it on
    // every read costs a timer syscall per slice of a multi-gigabyte body.
    auto armed = std::chrono::steady_clock::now();
    stream.expires_after(opts.idle_timeout);
    while (!parser.is_done()) {
      parser.get().body().data = chunk.get();
      parser.get().body().size = kChunk;
      if (auto now = std::chrono::steady_clock::now(); now - armed > std::chrono::seconds(1)) {
        stream.expires_after(opts.idle_timeout);
        armed = now;
      }
      auto [ec, n] = co_await bhttp::async_read_some(stream, buffer, parser, tuple_awaitable);
      size_t got = kChunk - parser.get().body().size;
      if (got > 0) {
        req.streamed_bytes += got;
        if (!sink->write(std::string_view(chunk.get(), got))) {
          sink->interrupted();
          co_return SinkResult{SinkOutcome::answered, problem(400, sink->error.empty() ? std::string("Upload refused") : sink->error)};
        }
      }
      if (ec == bhttp::error::need_buffer) continue;
      if (ec == bhttp::error::body_limit) {
        sink->interrupted();
        co_return SinkResult{SinkOutcome::answered, problem(413, "Request body is too large")};
      }
      if (ec) {
        sink->interrupted();
        co_return SinkResult{SinkOutcome::connection_lost, {}};
      }
    }
    try {
      sink->complete(req);
    } catch (const ApiError& e) {
      sink->interrupted();
      co_return SinkResult{SinkOutcome::answered, problem(e)};
    }
    co_return SinkResult{SinkOutcome::complete, {}};
  }

  awaitable<void> session(Worker& worker, tcp::socket socket) {
    ++active;
    beast::tcp_stream stream(std::move(socket));
    worker.connections.push_back(Connection{&stream, true});
    auto self_it = std::prev(worker.connections.end());
    std::string peer;
    {
      boost::system::error_code ec;
      auto ep = stream.socket().remote_endpoint(ec);
      if (!ec) peer = ep.address().to_string();
    }
    beast::flat_buffer buffer;
    try {
      while (!stopping) {
        self_it->idle = true;
        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(static_cast<uint32_t>(opts.header_limit));
        // Beast checks Content-Length against the body limit while reading
        // the header; the real limit depends on the route, applied below.
        parser.body_limit(boost::none);
        stream.expires_after(opts.idle_timeout);
        auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, tuple_awaitable);
        if (ec) {
          if (ec == bhttp::error::body_limit) {
            Request dummy;
            Response r = problem(413, "Request body is too large");
            co_await write_response(stream, dummy, r, false);
          } else if (ec == bhttp::error::header_limit) {
            Request dummy;
            Response r = problem(431, "Request header fields too large");
            co_await write_response(stream, dummy, r, false);
          } else if (ec != bhttp::error::end_of_stream && ec != asio::error::operation_aborted &&
                     ec != beast::error::timeout && ec != asio::error::connection_reset && n > 0) {
            Request dummy;
            Response r = problem(400, "Malformed HTTP request");
            co_await write_response(stream, dummy, r, false);
          }
          break;
        }
        self_it->idle = false;
        auto start = std::chrono::steady_clock::now();
        Request req;
        fill_request(req, parser.get());
        req.remote_ip = peer;
        if (opts.trust_loopback_proxy && is_loopback(peer)) {
          std::string_view xff = req.header("x-forwarded-for");
          if (!xff.empty()) {
            auto comma = xff.rfind(',');
            std::string_view last = comma == std::string_view::npos ? xff : xff.substr(comma + 1);
            while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
            if (!last.empty()) req.remote_ip = std::string(last);
          }
        }

        RouteMatch m = router.find(req.method, req.path);
        size_t limit = m.route ? m.route->options.body_limit : 64 * 1024;
        Response res;
        bool must_close = false;
        bool client_keep_alive = parser.get().keep_alive();
        auto declared = parser.content_length();
        if (declared && *declared > limit) {
          res = problem(413, "Request body is too large");
          must_close = true;
        } else if (m.route && m.route->options.body_sink) {
          req.params = m.params;
          auto sr = co_await read_into_sink(stream, buffer, parser, req, *m.route);
          if (sr.outcome == SinkOutcome::connection_lost) break;
          if (sr.outcome == SinkOutcome::answered) {
            res = std::move(sr.response);
            must_close = true;
          } else {
            res = co_await dispatch(worker, req, m, /*filters_done=*/true);
          }
          // Temporary files the handler did not take.
          std::error_code fec;
          for (const auto& f : req.files) std::filesystem::remove(f.path, fec);
        } else {
          if (parser.get()[bhttp::field::expect] == "100-continue") {
            bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
            co_await bhttp::async_write(stream, cont, tuple_awaitable);
          }
          parser.body_limit(limit);
          if (!parser.is_done()) {
            stream.expires_after(opts.idle_timeout);
            auto [ec2, n2] = co_await bhttp::async_read(stream, buffer, parser, tuple_awaitable);
            if (ec2 == bhttp::error::body_limit) {
              res = problem(413, "Request body is too large");
              must_close = true;
            } else if (ec2) {
              break;
            }
          }
          if (!must_close) {
            req.body = std::move(parser.get().body());
            res = co_await dispatch(worker, req, m);
          }
        }
        for (auto it = filters.rbegin(); it != filters.rend(); ++it) (*it)->on_response(req, res);
        bool keep_alive = client_keep_alive && !res.close && !must_close && !stopping;
        size_t bytes = res.file ? res.file->length : res.body.size();
        int status = res.status;
        stream.expires_never();
        bool ok = co_await write_response(stream, req, res, keep_alive);
        if (opts.access_log) {
          auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
          spdlog::info("{} \"{} {}\" {} {} {:.1f}ms", req.remote_ip, req.method, req.target, status, bytes, us / 1000.0);
        }
        if (!ok || !keep_alive) break;
      }
    } catch (const std::exception& e) {
      spdlog::debug("connection error: {}", e.what());
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.socket().close(ignored);
    worker.connections.erase(self_it);
    --active;
  }

  awaitable<void> accept_loop(Worker& worker) {
    for (;;) {
      auto [ec, socket] = co_await worker.acceptor->async_accept(tuple_awaitable);
      if (ec) {
        if (ec == asio::error::operation_aborted || !worker.acceptor->is_open()) co_return;
        continue;  // EMFILE and the like: keep accepting
      }
      socket.set_option(tcp::no_delay(true));
      asio::co_spawn(worker.ioc, session(worker, std::move(socket)), asio::detached);
    }
  }

  void begin_drain() {
    if (stopping.exchange(true)) return;
    spdlog::info("stopping: draining {} connection(s)", active.load());
    for (auto& w : workers) {
      asio::post(w->ioc, [wp = w.get()] {
        boost::system::error_code ec;
        if (wp->acceptor) wp->acceptor->close(ec);
        for (auto& c : wp->connections)
          if (c.idle) c.stream->socket().cancel(ec);
      });
    }
  }
};

Server::Server(ServerOptions opts, const Router& router, std::vector<std::shared_ptr<Filter>> filters)
    : impl_(std::make_unique<Impl>(std::move(opts), router, std::move(filters))) {
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  if (impl_->opts.io_threads <= 0) impl_->opts.io_threads = static_cast<int>(cores);
  if (impl_->opts.worker_threads <= 0) impl_->opts.worker_threads = static_cast<int>(std::max(8u, 4 * cores));
  impl_->pool = std::make_unique<asio::thread_pool>(impl_->opts.worker_threads);
}

Server::~Server() {
  impl_->pool->join();
}

uint16_t Server::bind() {
  auto& o = impl_->opts;
  auto address = asio::ip::make_address(o.host);
  uint16_t port = o.port;
  for (int i = 0; i < o.io_threads; ++i) {
    auto w = std::make_unique<Worker>();
    w->acceptor = std::make_unique<tcp::acceptor>(w->ioc);
    tcp::endpoint ep(address, port);
    w->acceptor->open(ep.protocol());
    w->acceptor->set_option(asio::socket_base::reuse_address(true));
    int one = 1;
    ::setsockopt(w->acceptor->native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    w->acceptor->bind(ep);
    w->acceptor->listen(asio::socket_base::max_listen_connections);
    if (port == 0) port = w->acceptor->local_endpoint().port();  // the others join the same port
    impl_->workers.push_back(std::move(w));
  }
  impl_->bound_port = port;
  return port;
}

void Server::run() {
  auto& im = *impl_;
  if (im.workers.empty()) bind();
  std::vector<std::thread> threads;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  for (auto& w : im.workers) {
    guards.emplace_back(w->ioc.get_executor());
    asio::co_spawn(w->ioc, im.accept_loop(*w), asio::detached);
  }
  std::unique_ptr<asio::signal_set> signals;
  if (im.opts.handle_signals) {
    signals = std::make_unique<asio::signal_set>(im.workers[0]->ioc, SIGINT, SIGTERM);
    signals->async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) stop();
    });
  }
  for (auto& w : im.workers) threads.emplace_back([wp = w.get()] { wp->ioc.run(); });

  // Wait for a stop request, then for the in-flight requests to finish.
  while (!im.stopping) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto deadline = std::chrono::steady_clock::now() + im.opts.drain_timeout;
  while (im.active > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (im.active > 0) spdlog::warn("drain timeout: closing {} connection(s)", im.active.load());
  if (signals) asio::post(im.workers[0]->ioc, [&signals] { signals->cancel(); });
  guards.clear();
  for (auto& w : im.workers) w->ioc.stop();
  for (auto& t : threads) t.join();
  im.pool->join();
}

void Server::stop() { impl_->begin_drain(); }


}  // namespace vv::http
