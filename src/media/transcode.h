// ffmpeg command lines of the video pipeline, and running them with
// progress. The commands follow PeerTube's default profile (H.264 with
// x264 veryfast capped by -maxrate, AAC audio, faststart MP4, HLS in one
// fragmented MP4 per resolution with byte ranges), with one difference:
// all the web-video resolutions of a source come from ONE ffmpeg process
// that decodes the source once and splits the decoded frames to one
// scaler + encoder per resolution (PeerTube runs one process per
// resolution, each decoding the source again).
#pragma once
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "media/probe.h"

namespace vv::media {

struct Rendition {
  int resolution = 0;  // the smaller side
  int fps = 0;
  std::string output;  // .mp4 path
};

struct EncodeOptions {
  int threads = 0;  // transcoding.threads; 0 = ffmpeg's choice
  // moov atom first (a second pass over the file) for files served for
  // progressive download; MP4s that only feed the HLS remux skip it.
  bool faststart = true;
};

// One process: `input` decoded once, one MP4 per rendition.
std::vector<std::string> web_videos_command(const std::string& input, const ProbeResult& probe,
                                            const std::vector<Rendition>& outs, const EncodeOptions& o);
// A still image looped under an audio track (audio-only uploads).
// The first rendition keeps the picture's size; the others are scaled down.
std::vector<std::string> audio_merge_command(const std::string& image, const std::string& audio,
                                             const ProbeResult& audio_probe, const std::vector<Rendition>& outs,
                                             const EncodeOptions& o);
// An MP4 remuxed (no re-encoding) into an HLS playlist + single fragmented MP4.
// `streams`: "all", "video" or "audio" (split audio and video).
std::vector<std::string> hls_copy_command(const std::string& mp4, const std::string& playlist_path,
                                          const std::string& fragmented_path, const std::string& streams = "all");

struct FfmpegResult {
  bool ok = false;
  bool cancelled = false;  // we stopped it
  bool killed = false;     // something else did (a signal): worth another try
  std::string error;  // the end of ffmpeg's standard error, or why it could not start
};

// Runs an ffmpeg command (adds -progress), calling on_progress(0..1) with
// the share of `duration` done. Killed when *cancel becomes true.
FfmpegResult run_ffmpeg(std::vector<std::string> argv, double duration, const std::function<void(double)>& on_progress,
                        const std::atomic<bool>* cancel);

}  // namespace vv::media
