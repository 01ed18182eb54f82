// Caption files: WebVTT is kept as it is (after a sanity check), SubRip is
// converted to WebVTT. Anything else is refused.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace vv::media {

// Returns the WebVTT text, or nullopt when `data` is neither valid VTT nor SRT.
std::optional<std::string> to_webvtt(std::string_view data);

}  // namespace vv::media
