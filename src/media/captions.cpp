#include "media/captions.h"

#include <regex>
#include <sstream>
#include <vector>

namespace vv::media {

namespace {

std::string normalize(std::string_view data) {
  if (data.size() >= 3 && static_cast<unsigned char>(data[0]) == 0xEF && static_cast<unsigned char>(data[1]) == 0xBB &&
      static_cast<unsigned char>(data[2]) == 0xBF)
    data.remove_prefix(3);  // UTF-8 BOM
  std::string out;
  out.reserve(data.size());
  for (size_t i = 0; i < data.size(); ++i) {
    if (data[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < data.size() && data[i + 1] == '\n') ++i;
    } else {
      out.push_back(data[i]);
    }
  }
  return out;
}

bool valid_utf8_text(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0) return false;
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

}  // namespace

std::optional<std::string> to_webvtt(std::string_view raw) {
  std::string text = normalize(raw);
  if (!valid_utf8_text(text)) return std::nullopt;
  static const std::regex vtt_timing(R"(^(\d{2,}:)?\d{2}:\d{2}\.\d{3} --> (\d{2,}:)?\d{2}:\d{2}\.\d{3}.*$)");
  static const std::regex srt_timing(R"(^\s*(\d{1,2}):(\d{2}):(\d{2})[,.](\d{3})\s*-->\s*(\d{1,2}):(\d{2}):(\d{2})[,.](\d{3})\s*$)");
  std::istringstream in(text);
  std::string line;
  if (text.rfind("WEBVTT", 0) == 0) {
    int cues = 0;
    while (std::getline(in, line))
      if (line.find("-->") != std::string::npos) {
        if (!std::regex_match(line, vtt_timing)) return std::nullopt;
        ++cues;
      }
    (void)cues;
    return text;
  }
  // SubRip: blocks of (index, timing, text...) separated by blank lines.
  std::string out = "WEBVTT\n\n";
  int cues = 0;
  std::smatch m;
  while (std::getline(in, line)) {
    if (line.find("-->") != std::string::npos) {
      if (!std::regex_match(line, m, srt_timing)) return std::nullopt;
      auto pad2 = [](const std::string& h) { return h.size() == 1 ? "0" + h : h; };
      out += pad2(m[1]) + ":" + std::string(m[2]) + ":" + std::string(m[3]) + "." + std::string(m[4]) + " --> " +
             pad2(m[5]) + ":" + std::string(m[6]) + ":" + std::string(m[7]) + "." + std::string(m[8]) + "\n";
      ++cues;
    } else {
      out += line + "\n";
    }
  }
  if (cues == 0) return std::nullopt;
  return out;
}

}  // namespace vv::media
