// Full-text search of videos: SQLite FTS5 or PostgreSQL tsvector, the one
// place where the two engines differ in querying. The index holds each
// video's name, tags and description and is rewritten when they change.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

namespace vv::model {

bool is_postgres(soci::session& s);

void index_video(soci::session& s, int64_t video_id, const std::string& name, const std::string& description,
                 const std::vector<std::string>& tags);
void unindex_video(soci::session& s, int64_t video_id);

// The words of a user's search as the engine's query syntax (every word must
// match, as a prefix). nullopt when there is no word to search.
std::optional<std::string> fts_query(const std::string& text, bool postgres);

// A sub-select "(id, rank)" of matching videos: rank ascending = best first.
// Binds `query` twice on PostgreSQL, once on SQLite (names :fts1/:fts2).
std::string fts_matches_sql(bool postgres);

}  // namespace vv::model
