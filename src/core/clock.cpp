#include "core/clock.h"

#include <chrono>
#include <cctype>
#include <cstdio>
#include <ctime>

#include <fmt/format.h>

namespace vv {

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string iso8601(int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
}

std::optional<int64_t> parse_iso8601(const std::string& s) {
  int y, mo, d, h = 0, mi = 0, sec = 0, ms = 0;
  char tail[64] = {0};
  if (s.size() < 10 || s.size() > 40) return std::nullopt;
  int n = std::sscanf(s.c_str(), "%4d-%2d-%2d", &y, &mo, &d);
  if (n != 3 || s[4] != '-' || s[7] != '-') return std::nullopt;
  size_t pos = 10;
  int64_t offset_min = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != ' ') return std::nullopt;
    if (std::sscanf(s.c_str() + pos + 1, "%2d:%2d", &h, &mi) != 2) return std::nullopt;
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (std::sscanf(s.c_str() + pos + 1, "%2d", &sec) != 1) return std::nullopt;
      pos += 3;
    }
    if (pos < s.size() && s[pos] == '.') {
      size_t start = ++pos;
      int digits = 0;
      while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
        if (digits < 3) ms = ms * 10 + (s[pos] - '0'), ++digits;
        ++pos;
      }
      if (pos == start) return std::nullopt;
      while (digits < 3) ms *= 10, ++digits;
    }
    std::string zone = s.substr(pos);
    if (zone == "Z" || zone.empty()) {
    } else if ((zone[0] == '+' || zone[0] == '-') && zone.size() == 6 && zone[3] == ':') {
      int zh = 0, zm = 0;
      if (std::sscanf(zone.c_str() + 1, "%2d:%2d", &zh, &zm) != 2) return std::nullopt;
      offset_min = (zone[0] == '+' ? 1 : -1) * (zh * 60 + zm);
    } else {
      return std::nullopt;
    }
  }
  (void)tail;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  time_t t = timegm(&tm);
  return static_cast<int64_t>(t) * 1000 + ms - offset_min * 60'000;
}

}  // namespace vv
