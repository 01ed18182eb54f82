#include "core/api_error.h"

namespace vv {

ApiError invalid_param(const std::string& field, const std::string& message, const std::string& location) {
  ApiError e(400, "Incorrect request parameters: " + field);
  e.invalid[field] = boost::json::object{{"msg", message}, {"param", field}, {"location", location}};
  return e;
}

}  // namespace vv
