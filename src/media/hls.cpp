#include "media/hls.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/crypto.h"

namespace vv::media {

namespace json = boost::json;

std::vector<ByteRange> playlist_ranges(const std::string& m3u8) {
  std::vector<ByteRange> out;
  std::istringstream in(m3u8);
  std::string line;
  int64_t next = 0;
  constexpr std::string_view key = "#EXT-X-BYTERANGE:";
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.starts_with(key)) continue;
    std::string v = line.substr(key.size());
    ByteRange r;
    auto at = v.find('@');
    try {
      r.length = std::stoll(v.substr(0, at));
      r.offset = at == std::string::npos ? next : std::stoll(v.substr(at + 1));
    } catch (...) {
      continue;
    }
    next = r.offset + r.length;
    out.push_back(r);
  }
  return out;
}

std::string strip_uri_dirs(const std::string& m3u8) {
  std::istringstream in(m3u8);
  std::string line, out;
  while (std::getline(in, line)) {
    if (!line.empty() && !line.starts_with("#")) {
      if (auto slash = line.rfind('/'); slash != std::string::npos) line = line.substr(slash + 1);
    } else if (auto u = line.find("URI=\""); u != std::string::npos) {
      auto end = line.find('"', u + 5);
      std::string uri = line.substr(u + 5, end - (u + 5));
      if (auto slash = uri.rfind('/'); slash != std::string::npos) line.replace(u + 5, uri.size(), uri.substr(slash + 1));
    }
    out += line;
    out += '\n';
  }
  return out;
}

json::object segment_hashes(const std::string& file, const std::vector<ByteRange>& ranges) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file);
  json::object out;
  std::string buf;
  for (const auto& r : ranges) {
    buf.resize(static_cast<size_t>(r.length));
    in.seekg(r.offset);
    in.read(buf.data(), r.length);
    if (in.gcount() != r.length) throw std::runtime_error("segment range beyond the end of " + file);
    out[fmt::format("{}-{}", r.offset, r.offset + r.length - 1)] = sha256_hex(buf);
  }
  return out;
}

std::string codecs_of(const ProbeResult& p) {
  std::vector<std::string> parts;
  if (p.has_video) {
    std::string c;
    if (p.video_codec == "h264" || p.video_codec.empty()) {
      std::string profile = "6400";  // High
      if (p.video_profile == "Main") profile = "4D40";
      else if (p.video_profile.find("Baseline") != std::string::npos) profile = "42E0";
      c = fmt::format("avc1.{}{:02x}", profile, std::max(0, p.video_level));
    } else if (p.video_codec == "vp9") {
      c = "vp09.00.50.08";
    } else if (p.video_codec == "hevc") {
      c = "hev1.1.6.L93.B0";
    } else if (p.video_codec == "av1") {
      c = "av01.0.08M.08";
    }
    if (!c.empty()) parts.push_back(c);
  }
  if (p.has_audio) {
    if (p.audio_codec == "opus") parts.push_back("opus");
    else if (p.audio_codec == "vorbis") parts.push_back("vorbis");
    else if (p.audio_codec == "mp3") parts.push_back("mp4a.40.34");
    else parts.push_back("mp4a.40.2");
  }
  std::string out;
  for (const auto& s : parts) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::string master_playlist(std::vector<MasterEntry> entries) {
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.resolution < b.resolution; });
  const MasterEntry* audio = nullptr;
  bool split = false;
  for (const auto& e : entries)
    if (e.resolution == 0 && !e.has_video) audio = &e;
  if (audio && entries.size() > 1) {
    split = true;
    for (const auto& e : entries)
      if (e.resolution != 0 && e.has_audio) split = false;
  }
  std::string media, streams;
  if (split)
    media = "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Audio\",AUTOSELECT=YES,DEFAULT=YES,URI=\"" +
            audio->playlist_filename + "\"\n";
  for (const auto& e : entries) {
    // An audio-only rendition is a stream only when it is the only one.
    if (e.resolution == 0 && entries.size() > 1) continue;
    streams += "#EXT-X-STREAM-INF:BANDWIDTH=" + std::to_string(e.bandwidth);
    if (e.resolution != 0) streams += fmt::format(",RESOLUTION={}x{}", e.width, e.height);
    if (e.fps) streams += ",FRAME-RATE=" + std::to_string(e.fps);
    std::string codecs = e.codecs;
    if (split && !audio->codecs.empty()) codecs += (codecs.empty() ? "" : ",") + audio->codecs;
    streams += ",CODECS=\"" + codecs + "\"";
    if (split) streams += ",AUDIO=\"audio\"";
    streams += "\n" + e.playlist_filename + "\n";
  }
  return "#EXTM3U\n#EXT-X-VERSION:3\n\n" + media + "\n" + streams;
}

}  // namespace vv::media
