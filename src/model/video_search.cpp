#include "model/video_search.h"

#include <cctype>

#include "core/text.h"

namespace vv::model {

bool is_postgres(soci::session& s) { return s.get_backend_name() == "postgresql"; }

void index_video(soci::session& s, int64_t video_id, const std::string& name, const std::string& description,
                 const std::vector<std::string>& tags) {
  long long id = video_id;
  std::string joined;
  for (const auto& t : tags) joined += (joined.empty() ? "" : " ") + t;
  std::string descr = description;
  if (is_postgres(s)) {
    // FTS5's tokenizer removes diacritics itself; PostgreSQL's 'simple'
    // configuration does not, so the text is folded here and in queries.
    std::string folded_name = fold_accents(name);
    joined = fold_accents(joined);
    descr = fold_accents(descr);
    s << "INSERT INTO video_search (video_id, document) VALUES (:id, setweight(to_tsvector('simple', :n), 'A') || "
         "setweight(to_tsvector('simple', :t), 'B') || setweight(to_tsvector('simple', :d), 'C')) ON CONFLICT (video_id) "
         "DO UPDATE SET document = excluded.document",
        soci::use(id), soci::use(folded_name), soci::use(joined), soci::use(descr);
  } else {
    s << "DELETE FROM video_search WHERE rowid = :id", soci::use(id);
    s << "INSERT INTO video_search (rowid, name, description, tags) VALUES (:id, :n, :d, :t)", soci::use(id),
        soci::use(name), soci::use(descr), soci::use(joined);
  }
}

void unindex_video(soci::session& s, int64_t video_id) {
  long long id = video_id;
  if (is_postgres(s)) s << "DELETE FROM video_search WHERE video_id = :id", soci::use(id);
  else s << "DELETE FROM video_search WHERE rowid = :id", soci::use(id);
}

std::optional<std::string> fts_query(const std::string& text, bool postgres) {
  // Words: runs of letters and digits (any non-ASCII byte counts as a letter,
  // so accented and non-Latin words stay whole). Everything else separates,
  // which also strips every operator of both query languages.
  std::vector<std::string> words;
  std::string cur;
  for (char c : postgres ? fold_accents(text) : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) cur.push_back(static_cast<char>(u < 0x80 ? std::tolower(u) : u));
    else if (!cur.empty()) words.push_back(std::move(cur)), cur.clear();
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  if (words.size() > 10) words.resize(10);
  if (words.empty()) return std::nullopt;
  std::string q;
  for (const auto& w : words) {
    if (postgres) q += (q.empty() ? "" : " & ") + w + ":*";
    else q += (q.empty() ? "" : " ") + ("\"" + w + "\"*");
  }
  return q;
}

std::string fts_matches_sql(bool postgres) {
  if (postgres)
    return "(SELECT video_id AS vid, -ts_rank(document, to_tsquery('simple', :fts1)) AS rank FROM video_search WHERE "
           "document @@ to_tsquery('simple', :fts2))";
  return "(SELECT rowid AS vid, bm25(video_search, 10.0, 1.0, 5.0) AS rank FROM video_search WHERE video_search MATCH :fts1)";
}

}  // namespace vv::model
