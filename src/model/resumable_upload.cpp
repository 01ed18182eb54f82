#include "model/resumable_upload.h"

#include "core/clock.h"
#include "db/database.h"

namespace vv::model {

void insert_resumable_upload(soci::session& s, const ResumableUpload& u) {
  long long uid = u.user_id, size = u.size, now = now_ms();
  s << "INSERT INTO resumable_uploads (upload_id, user_id, metadata, filename, size, created_at, updated_at) "
       "VALUES (:id, :u, :m, :f, :s, :c, :up)",
      soci::use(u.upload_id), soci::use(uid), soci::use(u.metadata), soci::use(u.filename), soci::use(size),
      soci::use(now), soci::use(now);
}

std::optional<ResumableUpload> find_resumable_upload(soci::session& s, const std::string& upload_id) {
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, upload_id, user_id, metadata, filename, size, created_at, updated_at FROM "
                    "resumable_uploads WHERE upload_id = :id",
       soci::use(upload_id));
  for (const auto& r : rows) {
    ResumableUpload u;
    u.id = db::get_i64(r, 0);
    u.upload_id = db::get_str(r, 1);
    u.user_id = db::get_i64(r, 2);
    u.metadata = db::get_str(r, 3);
    u.filename = db::get_str(r, 4);
    u.size = db::get_i64(r, 5);
    u.created_at = db::get_i64(r, 6);
    u.updated_at = db::get_i64(r, 7);
    return u;
  }
  return std::nullopt;
}

void delete_resumable_upload(soci::session& s, const std::string& upload_id) {
  s << "DELETE FROM resumable_uploads WHERE upload_id = :id", soci::use(upload_id);
}

void touch_resumable_upload(soci::session& s, const std::string& upload_id) {
  long long now = now_ms();
  s << "UPDATE resumable_uploads SET updated_at = :n WHERE upload_id = :id", soci::use(now), soci::use(upload_id);
}

std::vector<std::string> stale_resumable_uploads(soci::session& s, int64_t before_ms) {
  long long before = before_ms;
  std::vector<std::string> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT upload_id FROM resumable_uploads WHERE updated_at < :b", soci::use(before));
  for (const auto& r : rows) out.push_back(db::get_str(r, 0));
  return out;
}

}  // namespace vv::model
