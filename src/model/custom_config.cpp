#include "model/custom_config.h"

#include "core/clock.h"

namespace vv::model {

std::optional<std::string> load_custom_config(soci::session& s) {
  std::string yaml;
  soci::indicator ind;
  s << "SELECT yaml FROM custom_config WHERE id = 1", soci::into(yaml, ind);
  if (!s.got_data() || ind != soci::i_ok) return std::nullopt;
  return yaml;
}

void save_custom_config(soci::session& s, const std::string& yaml) {
  long long now = now_ms();
  s << "INSERT INTO custom_config (id, yaml, updated_at) VALUES (1, :y, :n) "
       "ON CONFLICT (id) DO UPDATE SET yaml = excluded.yaml, updated_at = excluded.updated_at",
      soci::use(yaml), soci::use(now);
}

void delete_custom_config(soci::session& s) { s << "DELETE FROM custom_config"; }

}  // namespace vv::model
