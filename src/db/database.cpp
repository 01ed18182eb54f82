#include "db/database.h"

#include <filesystem>
#include <mutex>


#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include "core/crypto.h"

namespace vv::db {

std::string Dialect::id_pk() const {
  return engine == Engine::sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY";
}
std::string Dialect::begin_write() const { return engine == Engine::sqlite ? "BEGIN IMMEDIATE" : "BEGIN"; }
std::string Dialect::blob() const { return engine == Engine::sqlite ? "BLOB" : "BYTEA"; }
std::string Dialect::ilike() const { return engine == Engine::sqlite ? "LIKE" : "ILIKE"; }

static std::string pg_escape(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "'";
}

std::unique_ptr<Database> Database::open(const Config& cfg, size_t pool_size) {
  std::string type = cfg.str("database.type", "sqlite");
  if (type == "sqlite") {
    // SQLite keeps global memory statistics behind one process-wide mutex
    // taken on every allocation; nothing here reads them. Must precede the
    // first connection.
    static std::once_flag once;
    std::call_once(once, [] { sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
    std::filesystem::path file = cfg.str("database.sqlite.file", "vidiverse.db");
    if (file.is_relative()) file = cfg.storage_root() / file;
    std::filesystem::create_directories(file.parent_path());
    std::unique_ptr<Database> db(new Database(Dialect{Engine::sqlite}, pool_size));
    for (size_t i = 0; i < pool_size; ++i) {
      soci::session& s = db->pool_.at(i);
      s.open(soci::sqlite3, "db=" + file.string() + " timeout=10");
      s << "PRAGMA journal_mode=WAL";
      s << "PRAGMA synchronous=NORMAL";
      s << "PRAGMA foreign_keys=ON";
      s << "PRAGMA busy_timeout=10000";
    }
    spdlog::info("database: SQLite {}", file.string());
    return db;
  }
  if (type == "postgres" || type == "postgresql") {
    std::string conn = "host=" + pg_escape(cfg.str("database.hostname", "localhost")) +
                       " port=" + std::to_string(cfg.integer("database.port", 5432)) +
                       " dbname=" + pg_escape(cfg.str("database.name", "peertube")) +
                       " user=" + pg_escape(cfg.str("database.username", "peertube"));
    std::string pw = cfg.str("database.password");
    if (!pw.empty()) conn += " password=" + pg_escape(pw);
    if (cfg.boolean("database.ssl")) conn += " sslmode=require";
    std::unique_ptr<Database> db(new Database(Dialect{Engine::postgres}, pool_size));
    for (size_t i = 0; i < pool_size; ++i) db->pool_.at(i).open(soci::postgresql, conn);
    db->conninfo_ = conn;
    spdlog::info("database: PostgreSQL {}:{}/{}", cfg.str("database.hostname"), cfg.integer("database.port"),
                 cfg.str("database.name"));
    return db;
  }
  throw std::runtime_error("database.type must be sqlite or postgres, not '" + type + "'");
}

Database::Database(Dialect d, size_t size)
    : dialect_(d), pool_(size), writer_id_(random_hex(8)) {}  // random: pids repeat across containers

Database::~Database() = default;

void Database::announce_write(soci::session& s) {
  if (dialect_.engine != Engine::postgres) return;
  // Delivered to the other processes' listeners when the transaction commits.
  s << "SELECT pg_notify('vidiverse_writes', :w)", soci::use(writer_id_);
}

std::unique_ptr<soci::session> Database::session() {
  auto s = std::make_unique<soci::session>(pool_);
  // A PostgreSQL restart breaks every pooled connection: mend it on lease
  // rather than failing every request until the process restarts.
  if (dialect_.engine == Engine::postgres && !s->is_connected()) {
    try {
      spdlog::warn("database: connection lost, reconnecting");
      s->reconnect();
    } catch (const std::exception& e) {
      spdlog::error("database: reconnect failed: {}", e.what());
    }
  }
  return s;
}

bool is_null(const soci::row& r, std::size_t i) { return r.get_indicator(i) == soci::i_null; }

int64_t get_i64(const soci::row& r, std::size_t i, int64_t def) {
  if (is_null(r, i)) return def;
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_integer: return r.get<int>(i);
    case soci::dt_long_long: return r.get<long long>(i);
    case soci::dt_unsigned_long_long: return static_cast<int64_t>(r.get<unsigned long long>(i));
    case soci::dt_double: return static_cast<int64_t>(r.get<double>(i));
    case soci::dt_string: return std::stoll(r.get<std::string>(i));
    default: return def;
  }
}

double get_f64(const soci::row& r, std::size_t i, double def) {
  if (is_null(r, i)) return def;
  if (r.get_properties(i).get_data_type() == soci::dt_double) return r.get<double>(i);
  return static_cast<double>(get_i64(r, i, static_cast<int64_t>(def)));
}

std::string get_str(const soci::row& r, std::size_t i, const std::string& def) {
  if (is_null(r, i)) return def;
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_string: return r.get<std::string>(i);
    case soci::dt_integer: return std::to_string(r.get<int>(i));
    case soci::dt_long_long: return std::to_string(r.get<long long>(i));
    default: return def;
  }
}

}  // namespace vv::db
