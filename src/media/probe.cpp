#include "media/probe.h"

#include <boost/json.hpp>

#include "core/subprocess.h"

namespace vv::media {

namespace json = boost::json;

int ProbeResult::resolution() const {
  if (!has_video) return 0;
  return std::min(width, height);
}


static double parse_rate(const json::value* v) {
  if (!v || !v->is_string()) return 0;
  std::string s(v->as_string());
  auto slash = s.find('/');
  try {
    if (slash == std::string::npos) return std::stod(s);
    double num = std::stod(s.substr(0, slash)), den = std::stod(s.substr(slash + 1));
    return den > 0 ? num / den : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

static double to_number(const json::value* v) {
  if (!v) return 0;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_string()) {
    try {
      return std::stod(std::string(v->as_string()));
    } catch (const std::exception&) {
    }
  }
  return 0;
}

std::optional<ProbeResult> parse_probe_json(const std::string& text) {
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec || !root.is_object()) return std::nullopt;
  ProbeResult r;
  r.json = text;
  const auto& o = root.as_object();
  double probe_score = 100;
  if (auto f = o.if_contains("format"); f && f->is_object()) {
    r.duration = to_number(f->as_object().if_contains("duration"));
    if (auto n = f->as_object().if_contains("format_name"); n && n->is_string()) r.format_name = n->as_string();
    if (auto ps = f->as_object().if_contains("probe_score")) probe_score = to_number(ps);
    r.bit_rate = static_cast<int64_t>(to_number(f->as_object().if_contains("bit_rate")));
  }
  // A score of 25 or less is ffmpeg guessing from bytes that match no
  // container: random data sometimes "is" raw h263.
  if (probe_score <= 25) return std::nullopt;
  // Still pictures (png, jpeg...) probe as one-frame "video": not media.
  if (r.format_name.find("_pipe") != std::string::npos || r.format_name == "image2" || r.format_name == "gif")
    return std::nullopt;
  if (auto streams = o.if_contains("streams"); streams && streams->is_array()) {
    for (const auto& sv : streams->as_array()) {
      if (!sv.is_object()) continue;
      const auto& st = sv.as_object();
      auto type = st.if_contains("codec_type");
      if (!type || !type->is_string()) continue;
      auto str = [&](const char* k) {
        auto v = st.if_contains(k);
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
      };
      if (type->as_string() == "audio" && !r.has_audio) {
        r.has_audio = true;
        r.audio_codec = str("codec_name");
        r.audio_channel_layout = str("channel_layout");
        r.audio_bit_rate = static_cast<int64_t>(to_number(st.if_contains("bit_rate")));
      }
      if (type->as_string() == "video" && !r.has_video) {
        // Cover art in audio files is an attached picture, not a video.
        if (auto disp = st.if_contains("disposition"); disp && disp->is_object())
          if (auto ap = disp->as_object().if_contains("attached_pic"); ap && ap->is_int64() && ap->as_int64() == 1) continue;
        r.has_video = true;
        r.width = static_cast<int>(to_number(st.if_contains("width")));
        r.height = static_cast<int>(to_number(st.if_contains("height")));
        r.fps = parse_rate(st.if_contains("avg_frame_rate"));
        if (r.fps <= 0 || r.fps > 1000) r.fps = parse_rate(st.if_contains("r_frame_rate"));
        if (r.fps > 1000) r.fps = 0;
        r.video_codec = str("codec_name");
        r.video_profile = str("profile");
        r.pix_fmt = str("pix_fmt");
        r.video_level = static_cast<int>(to_number(st.if_contains("level")));
        if (r.bit_rate <= 0) r.bit_rate = static_cast<int64_t>(to_number(st.if_contains("bit_rate")));
        if (auto sdl = st.if_contains("side_data_list"); sdl && sdl->is_array())
          for (const auto& sd : sdl->as_array())
            if (sd.is_object())
              if (auto rot = sd.as_object().if_contains("rotation")) r.rotation = (static_cast<int>(to_number(rot)) % 360 + 360) % 360;
      }
      if (r.duration <= 0) r.duration = to_number(st.if_contains("duration"));
    }
  }
  if (!r.has_video && !r.has_audio) return std::nullopt;
  if (!(r.duration > 0)) return std::nullopt;  // PeerTube refuses what has no duration
  if (r.has_video && (r.width <= 0 || r.height <= 0)) return std::nullopt;
  return r;
}

std::string metadata_json(const ProbeResult& p) {
  boost::system::error_code ec;
  auto v = json::parse(p.json, ec);
  if (ec || !v.is_object()) return p.json;
  if (auto f = v.as_object().if_contains("format"); f && f->is_object()) f->as_object().erase("filename");
  return json::serialize(v);
}

std::optional<ProbeResult> probe(const std::string& path) {
  auto res = run_process({"ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path},
                         std::chrono::seconds(60));
  if (res.exit_code != 0) return std::nullopt;
  return parse_probe_json(res.out);
}

}  // namespace vv::media
