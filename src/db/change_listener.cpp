#include "db/change_listener.h"

#include <poll.h>

#include <cerrno>
#include <chrono>

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

namespace vv::db {

void ChangeListener::start() {
  if (conninfo_.empty() || handlers_.empty() || thread_.joinable()) return;
  thread_ = std::thread([this] { loop(); });
}

void ChangeListener::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void ChangeListener::loop() {
  // A dead peer (NAT, failover) must not leave us deaf forever: keepalives
  // notice it; connect_timeout keeps stop() prompt.
  std::string conninfo = conninfo_ + " connect_timeout=5 keepalives=1 keepalives_idle=30 keepalives_interval=10 keepalives_count=3";
  while (!stop_) {
    PGconn* conn = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      spdlog::warn("database: LISTEN connection failed: {}", PQerrorMessage(conn));
      PQfinish(conn);
      for (int i = 0; i < 50 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    bool listening = true;
    for (const auto& [channel, f] : handlers_) {
      PGresult* r = PQexec(conn, ("LISTEN " + channel).c_str());
      listening = listening && PQresultStatus(r) == PGRES_COMMAND_OK;
      PQclear(r);
    }
    if (!listening) {
      spdlog::warn("database: LISTEN failed: {}", PQerrorMessage(conn));
      PQfinish(conn);
      for (int i = 0; i < 50 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    // What happened while we were not listening is unknown: assume a change
    // (harmless at start, when nothing is cached yet).
    for (const auto& [channel, f] : handlers_) f("");
    while (!stop_) {
      pollfd p{PQsocket(conn), POLLIN, 0};
      int r = poll(&p, 1, 200);
      if (r < 0 && errno != EINTR) break;
      if (r <= 0) continue;
      if (!PQconsumeInput(conn)) break;
      while (PGnotify* n = PQnotifies(conn)) {
        if (auto it = handlers_.find(n->relname); it != handlers_.end()) it->second(n->extra ? n->extra : "");
        PQfreemem(n);
      }
    }
    PQfinish(conn);
  }
}

}  // namespace vv::db
