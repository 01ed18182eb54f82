// Chapters: stored per video, edited through PUT /videos/{id}/chapters or
// taken from the description. A description with two or more lines starting
// with a timecode ("0:00 Intro", "1:02:03 Part two", "1m30s Demo") gives
// chapters; when the description changes, chapters are replaced only if they
// still are the old description's (hand-made chapters are never overwritten).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include <soci/soci.h>

namespace vv::api {

using ChapterList = std::vector<std::pair<int64_t, std::string>>;  // timecode (s), title

ChapterList parse_chapters(const std::string& description);
ChapterList load_chapters(soci::session& s, int64_t video_id);
void replace_chapters(soci::session& s, int64_t video_id, const ChapterList& chapters);
void replace_chapters_from_description(soci::session& s, int64_t video_id, const std::string& old_description,
                                       const std::string& new_description);

}  // namespace vv::api
