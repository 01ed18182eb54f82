// Resumable uploads in progress (their bytes are in a file named after the id).
#pragma once
#include <optional>
#include <string>

#include <soci/soci.h>

namespace vv::model {

struct ResumableUpload {
  int64_t id = 0;
  std::string upload_id;
  int64_t user_id = 0;
  std::string metadata;  // the init request's JSON body
  std::string filename;  // as the client named the file
  int64_t size = 0;      // declared total
  int64_t created_at = 0, updated_at = 0;
};

void insert_resumable_upload(soci::session& s, const ResumableUpload& u);
std::optional<ResumableUpload> find_resumable_upload(soci::session& s, const std::string& upload_id);
void delete_resumable_upload(soci::session& s, const std::string& upload_id);
void touch_resumable_upload(soci::session& s, const std::string& upload_id);
// Upload ids not touched since `before_ms` (abandoned).
std::vector<std::string> stale_resumable_uploads(soci::session& s, int64_t before_ms);

}  // namespace vv::model
