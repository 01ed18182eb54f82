// Versioned schema migrations, applied in order at start-up and by
// `vidiverse migrate`. Each migration is a list of statements written once for
// both engines; `{PK}` and `{BLOB}` are replaced by the dialect's spelling,
// and a statement prefixed "sqlite:" or "postgres:" runs on that engine only
// (full-text search differs).
// On PostgreSQL an advisory lock serialises several processes starting at once.
//
// Times are BIGINT milliseconds since the epoch and flags are INTEGER 0/1 in
// both engines, so repositories read them the same way everywhere.
#pragma once
#include "db/database.h"

namespace vv::db {

// Returns the number of migrations applied.
int migrate(Database& db);
int schema_version(Database& db);

}  // namespace vv::db
