#include "media/transcode.h"

#include <cmath>

#include <fmt/format.h>

#include "core/subprocess.h"
#include "media/transcode_profile.h"

namespace vv::media {

namespace {

std::string num(double v) {
  if (v == std::floor(v)) return std::to_string(static_cast<int64_t>(v));
  return fmt::format("{}", v);
}

void add(std::vector<std::string>& a, std::initializer_list<std::string> items) { a.insert(a.end(), items); }

std::vector<std::string> head() { return {"ffmpeg", "-hide_banner", "-nostdin", "-y", "-loglevel", "error"}; }

// PeerTube's canDoQuickAudioTranscode: AAC at a sane bitrate with a known
// layout is copied, anything else re-encoded.
bool can_copy_audio(const ProbeResult& p) {
  if (!p.has_audio) return true;
  if (p.audio_codec != "aac" || p.audio_bit_rate <= 0) return false;
  if (p.audio_bit_rate > 384'000) return false;
  const auto& l = p.audio_channel_layout;
  return !l.empty() && l != "unknown" && l != "quad";
}

void audio_options(std::vector<std::string>& a, const ProbeResult& p) {
  if (can_copy_audio(p)) {
    add(a, {"-c:a", "copy"});
    return;
  }
  add(a, {"-c:a", "aac", "-channel_layout", "stereo"});
  int kb = audio_kbitrate(p.audio_codec, p.audio_bit_rate);
  if (kb != -1) add(a, {"-b:a", std::to_string(kb) + "k"});
}

void x264_options(std::vector<std::string>& a, int resolution, double ratio, int fps, int64_t input_bitrate) {
  double target = target_bitrate(resolution, ratio, fps, input_bitrate);
  add(a, {"-c:v", "libx264", "-preset", "veryfast", "-maxrate:v", num(target), "-bufsize:v", num(target * 2),
          "-b_strategy", "1", "-bf", "16", "-r", std::to_string(fps), "-g:v", std::to_string(fps * 2), "-pix_fmt",
          "yuv420p"});
}

void common_output(std::vector<std::string>& a, const EncodeOptions& o) {
  add(a, {"-max_muxing_queue_size", "1024", "-map_metadata", "-1"});
  if (o.threads > 0) add(a, {"-threads", std::to_string(o.threads)});
  if (o.faststart) add(a, {"-movflags", "faststart"});
  add(a, {"-f", "mp4"});
}

}  // namespace

std::vector<std::string> web_videos_command(const std::string& input, const ProbeResult& probe,
                                            const std::vector<Rendition>& outs, const EncodeOptions& o) {
  auto a = head();
  add(a, {"-i", input});
  bool portrait = probe.display_height() > probe.display_width();
  double ratio = aspect_ratio(probe.display_width(), probe.display_height());
  // Renditions with a picture share one decoder through `split`; an audio
  // rendition (0p) takes the audio alone.
  size_t pictures = 0;
  for (const auto& r : outs) pictures += r.resolution > 0 && probe.has_video;
  if (pictures > 0) {
    std::string graph = "[0:v:0]split=" + std::to_string(pictures);
    for (size_t i = 0; i < pictures; ++i) graph += "[s" + std::to_string(i) + "]";
    size_t i = 0;
    for (const auto& out : outs) {
      if (out.resolution <= 0) continue;
      int r = out.resolution;
      graph += ";[s" + std::to_string(i) + "]scale=" + (portrait ? fmt::format("w={}:h=-2", r) : fmt::format("w=-2:h={}", r)) +
               "[v" + std::to_string(i) + "]";
      ++i;
    }
    add(a, {"-filter_complex", graph});
  }
  size_t picture = 0;
  for (const auto& r : outs) {
    if (probe.has_video && r.resolution > 0) {
      add(a, {"-map", "[v" + std::to_string(picture++) + "]"});
      x264_options(a, r.resolution, ratio, r.fps, probe.bit_rate);
    } else {
      a.push_back("-vn");
    }
    if (probe.has_audio) {
      add(a, {"-map", "0:a:0"});
      audio_options(a, probe);
    }
    common_output(a, o);
    a.push_back(r.output);
  }
  return a;
}

std::vector<std::string> audio_merge_command(const std::string& image, const std::string& audio,
                                             const ProbeResult& audio_probe, const std::vector<Rendition>& outs,
                                             const EncodeOptions& o) {
  auto a = head();
  add(a, {"-loop", "1", "-i", image, "-i", audio});
  // The picture at its own (even) size for the first rendition, scaled down
  // for the others; one decode of the picture, split.
  std::string graph = "[0:v]scale=trunc(iw/2)*2:trunc(ih/2)*2,split=" + std::to_string(outs.size());
  for (size_t i = 0; i < outs.size(); ++i) graph += "[s" + std::to_string(i) + "]";
  for (size_t i = 0; i < outs.size(); ++i)
    graph += ";[s" + std::to_string(i) + "]" + (i == 0 ? std::string("null") : fmt::format("scale=w=-2:h={}", outs[i].resolution)) +
             "[v" + std::to_string(i) + "]";
  add(a, {"-filter_complex", graph});
  for (size_t i = 0; i < outs.size(); ++i) {
    add(a, {"-map", "[v" + std::to_string(i) + "]", "-map", "1:a:0"});
    // The audio file has no picture: ratio 0 gives PeerTube's fallback bitrates.
    x264_options(a, outs[i].resolution, 0, outs[i].fps, audio_probe.bit_rate);
    add(a, {"-tune", "stillimage", "-shortest"});
    // -shortest alone overshoots with a looped picture: cut at the sound's end.
    if (audio_probe.duration > 0) add(a, {"-t", fmt::format("{:.3f}", audio_probe.duration)});
    audio_options(a, audio_probe);
    common_output(a, o);
    a.push_back(outs[i].output);
  }
  return a;
}

std::vector<std::string> hls_copy_command(const std::string& mp4, const std::string& playlist_path,
                                          const std::string& fragmented_path, const std::string& streams) {
  auto a = head();
  // One picture and one sound at most: data, subtitle or extra audio
  // streams would make the fMP4 HLS muxer fail.
  add(a, {"-i", mp4});
  if (streams != "audio") add(a, {"-map", "0:v:0?"});
  if (streams != "video") add(a, {"-map", "0:a:0?"});
  add(a, {"-c", "copy", "-map_metadata", "-1", "-hls_time", "4", "-hls_list_size", "0",
          "-hls_playlist_type", "vod", "-hls_segment_filename", fragmented_path, "-hls_segment_type", "fmp4", "-f", "hls",
          "-hls_flags", "single_file", playlist_path});
  return a;
}

FfmpegResult run_ffmpeg(std::vector<std::string> argv, double duration, const std::function<void(double)>& on_progress,
                        const std::atomic<bool>* cancel) {
  // Progress lines ("out_time_us=...") on stdout; errors on stderr.
  argv.insert(argv.begin() + 1, {"-progress", "pipe:1", "-nostats"});
  auto res = run_process_streaming(
      argv,
      [&](std::string_view line) {
        if (!on_progress || duration <= 0) return;
        constexpr std::string_view key = "out_time_us=";
        if (!line.starts_with(key)) return;
        try {
          double us = std::stod(std::string(line.substr(key.size())));
          on_progress(std::clamp(us / 1e6 / duration, 0.0, 1.0));
        } catch (...) {
        }
      },
      cancel);
  FfmpegResult r;
  r.cancelled = res.timed_out;
  r.killed = res.signaled && !res.timed_out;
  r.ok = res.exit_code == 0;
  if (!r.ok) {
    std::string err = res.err;
    while (!err.empty() && (err.back() == '\n' || err.back() == '\r')) err.pop_back();
    r.error = r.cancelled ? "ffmpeg was stopped" : err.empty() ? "ffmpeg exited with code " + std::to_string(res.exit_code) : err;
  }
  return r;
}

}  // namespace vv::media
