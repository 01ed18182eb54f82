// One connection pool over SQLite (the default, WAL mode) or PostgreSQL,
// chosen by `database.type`. Callers borrow a soci::session for the duration
// of one unit of work; handlers already run on the worker pool, so these
// synchronous calls never stall an I/O thread.
//
// Everything that differs between the two engines is in Dialect: primary-key
// DDL, the statement that opens a write transaction (SQLite must take the
// write lock up front with BEGIN IMMEDIATE, or two upgrading readers deadlock
// into SQLITE_BUSY), and case-insensitive matching.
#pragma once
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/config.h"

namespace vv::db {

enum class Engine { sqlite, postgres };

struct Dialect {
  Engine engine;
  std::string id_pk() const;         // auto-increment primary key column type
  std::string begin_write() const;   // opens a transaction that will write
  std::string blob() const;
  std::string ilike() const;         // case-insensitive LIKE operator
  std::string name() const { return engine == Engine::sqlite ? "sqlite" : "postgres"; }
};

class Database {
public:
  static std::unique_ptr<Database> open(const Config& cfg, size_t pool_size);
  ~Database();

  const Dialect& dialect() const { return dialect_; }
  Engine engine() const { return dialect_.engine; }

  // A session borrowed from the pool (returned when destroyed).
  std::unique_ptr<soci::session> session();

  // Runs f(session) inside a write transaction; commits on return, rolls back
  // on exception.
  template <class F>
  auto write(F&& f) {
    return write_impl(std::forward<F>(f), true);
  }
  // The same for bookkeeping no API response shows to anonymous visitors
  // (job progress, heartbeats): it leaves the response caches valid.
  template <class F>
  auto write_quiet(F&& f) {
    return write_impl(std::forward<F>(f), false);
  }

  // libpq connection string (PostgreSQL only; empty for SQLite).
  const std::string& conninfo() const { return conninfo_; }

  // Bumped after every committed write(): response caches compare it. On
  // PostgreSQL other processes' writes bump it too (see
  // db::ChangeListener): announce_write() NOTIFYs them at commit.
  uint64_t write_generation() const { return write_generation_.load(std::memory_order_acquire); }
  // A write by another process on the same database (its NOTIFY).
  void note_external_write() { ++write_generation_; }
  // This process's identity in vidiverse_writes payloads.
  const std::string& writer_id() const { return writer_id_; }

  template <class F>
  auto read(F&& f) {
    auto s = session();
    return f(*s);
  }

private:
  template <class F>
  auto write_impl(F&& f, bool bump) {
    auto s = session();
    *s << dialect_.begin_write();
    try {
      if constexpr (std::is_void_v<decltype(f(*s))>) {
        f(*s);
        if (bump) announce_write(*s);
        *s << "COMMIT";
        if (bump) ++write_generation_;
      } else {
        auto r = f(*s);
        if (bump) announce_write(*s);
        *s << "COMMIT";
        if (bump) ++write_generation_;
        return r;
      }
    } catch (...) {
      try {
        *s << "ROLLBACK";
      } catch (...) {
      }
      throw;
    }
  }

  void announce_write(soci::session& s);
  Database(Dialect d, size_t size);
  Dialect dialect_;
  soci::connection_pool pool_;
  std::atomic<uint64_t> write_generation_{0};
  std::string conninfo_;
  std::string writer_id_;
};

// Runs a SELECT whose parameters are bound as strings, in order of
// appearance, and calls on_row(const soci::row&) for each row. Both engines
// coerce the text to the column's type.
template <class F>
void for_each_row(soci::session& s, const std::string& sql, std::vector<std::string> args, F&& on_row) {
  soci::statement st = (s.prepare << sql);
  soci::row row;
  for (auto& a : args) st.exchange(soci::use(a));
  st.exchange(soci::into(row));
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) on_row(row);
}

// Row helpers: SOCI reports integer columns as int, long long or unsigned
// depending on backend and declared type; these read any of them.
int64_t get_i64(const soci::row& r, std::size_t i, int64_t def = 0);
std::string get_str(const soci::row& r, std::size_t i, const std::string& def = {});
bool is_null(const soci::row& r, std::size_t i);
double get_f64(const soci::row& r, std::size_t i, double def = 0);

}  // namespace vv::db
