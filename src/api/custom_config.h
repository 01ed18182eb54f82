// The admin-editable "custom config" (/api/v1/config/custom).
//
// Its JSON shape (PeerTube's CustomConfig) is a projection of the YAML
// configuration: each leaf `a.bCd.e` is the YAML key `a.b_cd.e` (camelCase to
// snake_case, acronyms kept together: defaultNSFWPolicy -> default_nsfw_policy).
// One table, kShape, lists every leaf with its type, so reading, validating
// and writing walk the same description and can never drift apart.
//
// PUT stores the submitted values as a YAML overlay in the database; it is
// merged over the files and applied at once (ConfigHolder swap). DELETE drops
// the overlay.
#pragma once
#include <boost/json/object.hpp>
#include <yaml-cpp/yaml.h>

#include "core/config.h"

namespace vv::api {

std::string camel_to_snake(std::string_view camel);

// CustomConfig JSON from a configuration.
boost::json::object custom_config_json(const Config& cfg);

// Validates a CustomConfig body against the shape; returns the YAML overlay.
// The fields PeerTube 7.0 requires must be present; unknown keys are ignored
// (clients of newer PeerTube versions send more).
YAML::Node custom_config_overlay(const boost::json::object& body);

}  // namespace vv::api
