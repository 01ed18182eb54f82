// PeerTube's fixed lists: categories, licences, languages, privacies, states,
// comment policies (ids and English labels).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vv::api {

const std::vector<std::pair<int, const char*>>& video_categories();
const std::vector<std::pair<int, const char*>>& video_licences();
const std::vector<std::pair<const char*, const char*>>& video_languages();
const std::vector<std::pair<int, const char*>>& video_privacies();
const char* video_state_label(int state);
const char* comments_policy_label(int policy);

std::optional<std::string> category_label(int id);
std::optional<std::string> licence_label(int id);
std::optional<std::string> language_label(const std::string& code);
std::optional<std::string> privacy_label(int id);

// "720p", "Audio" (0), as PeerTube labels resolutions.
std::string resolution_label(int resolution);

}  // namespace vv::api
