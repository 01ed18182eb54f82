// HLS files as PeerTube writes them for VOD: per resolution, one fragmented
// MP4 addressed by byte ranges from its own .m3u8; a master playlist listing
// the resolutions; and segments-sha256.json, the SHA-256 of every segment
// range, which PeerTube's P2P loader checks before playing a segment it got
// from a peer:
//   { "<fragmented file>": { "<offset>-<offset+length-1>": "<hex>" } }
// (the init section of #EXT-X-MAP is not listed).
#pragma once
#include <map>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "media/probe.h"

namespace vv::media {

struct ByteRange {
  int64_t offset = 0, length = 0;
};
// The #EXT-X-BYTERANGE ranges of a single-file playlist, in order (an
// omitted offset continues after the previous range).
std::vector<ByteRange> playlist_ranges(const std::string& m3u8);

// ffmpeg writes URIs with the directory it was given; the files are served
// side by side, so keep only the file names.
std::string strip_uri_dirs(const std::string& m3u8);

// {"a-b": sha256 hex} for the ranges of `file`. Throws when unreadable.
boost::json::object segment_hashes(const std::string& file, const std::vector<ByteRange>& ranges);

// RFC 6381 codecs of a probed file: "avc1.64001f,mp4a.40.2".
std::string codecs_of(const ProbeResult& p);

struct MasterEntry {
  int resolution = 0, width = 0, height = 0, fps = 0;
  int64_t bandwidth = 0;  // bits per second
  std::string codecs, playlist_filename;
  bool has_video = true, has_audio = true;
};
// PeerTube's master playlist; entries sorted by resolution, lowest first.
// With hls.split_audio_and_video the audio is one rendition of its own
// (resolution 0, no picture) and the video renditions have no sound: it
// becomes an EXT-X-MEDIA audio group the video streams point at.
std::string master_playlist(std::vector<MasterEntry> entries);

}  // namespace vv::media
