// Time as the database stores it (milliseconds since the epoch) and as the API
// prints it (ISO 8601 UTC with milliseconds, like JavaScript's toISOString).
#pragma once
#include <cstdint>
#include <string>

namespace vv {

int64_t now_ms();
std::string iso8601(int64_t ms);

}  // namespace vv
