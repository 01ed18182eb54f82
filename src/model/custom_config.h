// The admin's configuration overlay, one YAML document in one row.
#pragma once
#include <optional>
#include <string>

#include <soci/soci.h>

namespace vv::model {

std::optional<std::string> load_custom_config(soci::session& s);
void save_custom_config(soci::session& s, const std::string& yaml);
void delete_custom_config(soci::session& s);

}  // namespace vv::model
