// Time as the database stores it (milliseconds since the epoch) and as the API
// prints it (ISO 8601 UTC with milliseconds, like JavaScript's toISOString).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace vv {

int64_t now_ms();
std::string iso8601(int64_t ms);
// Parses ISO 8601 dates as JavaScript's Date does for the common forms:
// "2024-05-01", "2024-05-01T10:20:30Z", "...30.123+02:00". nullopt if not one.
std::optional<int64_t> parse_iso8601(const std::string& s);

}  // namespace vv
