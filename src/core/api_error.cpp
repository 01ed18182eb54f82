#include "core/api_error.h"

namespace vv {

ApiError invalid_param(const std::string& field, const std::string& message, const std::string& location,
                       const boost::json::value& value) {
  ApiError e(400, "Incorrect request parameters: " + field);
  boost::json::object o{{"msg", message}, {"param", field}, {"location", location}};
  if (!value.is_null()) o["value"] = value;
  e.invalid[field] = std::move(o);
  return e;
}

}  // namespace vv
