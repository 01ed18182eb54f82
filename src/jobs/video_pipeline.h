// The video pipeline as jobs (DESIGN §7), PeerTube's job types and payloads:
//
//   upload ──> video-transcoding {type: optimize-to-web-video | merge-audio-to-web-video}
//                one ffmpeg: the source decoded once, an MP4 per resolution
//                of the ladder (web videos); replaces the uploaded file
//          ──> video-transcoding {type: new-resolution-to-hls} per resolution
//                the MP4 remuxed (no re-encoding) to a fragmented MP4 +
//                playlist; master playlist and segments-sha256.json rewritten
//                in the same transaction that adds the file row; the last
//                one deletes the web videos when transcoding.web_videos is off
//          ──> generate-video-storyboard after the highest HLS resolution
//                (or after the optimize job when HLS is off)
//
// The video is published (state 1) when the optimize job ends with nothing
// after it, or when its first HLS job ends (PeerTube: "the first child").
// A failed transcoding job leaves a not-yet-published video in state 7
// (transcoding failed) with the error in the job.
#pragma once
#include <string>

#include <soci/soci.h>

#include "api/context.h"
#include "jobs/queue.h"
#include "model/video.h"

namespace vv::jobs {

inline constexpr const char* kTranscodingJob = "video-transcoding";
inline constexpr const char* kStoryboardJob = "generate-video-storyboard";

bool transcoding_enabled(const Config& cfg);

// Inside the transaction that creates an uploaded video: its first job.
// The caller sets the video's state to kToTranscode first.
void enqueue_upload_jobs(soci::session& s, api::ApiContext& ctx, const model::Video& v, bool audio_only,
                         int64_t user_id);
// POST /videos/{id}/transcoding: `hls` (remuxes the web videos there are,
// or re-encodes when there are none) or `web-video` (re-encodes the ladder
// from the best file). Sets the video "to transcode".
void enqueue_transcoding(soci::session& s, api::ApiContext& ctx, const model::Video& v, const std::string& type);

// Master playlist and segments-sha256.json from the video's HLS rows (after
// a file was removed).
void rewrite_hls_index(api::ApiContext& ctx, const model::Video& v);

void register_pipeline_jobs(JobQueue& q, api::ApiContext& ctx);

}  // namespace vv::jobs
