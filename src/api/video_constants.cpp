#include "api/video_constants.h"

namespace vv::api {

const std::vector<std::pair<int, const char*>>& video_categories() {
  static const std::vector<std::pair<int, const char*>> v = {
      {1, "Music"},      {2, "Films"},          {3, "Vehicles"},   {4, "Art"},
      {5, "Sports"},     {6, "Travels"},        {7, "Gaming"},     {8, "People"},
      {9, "Comedy"},     {10, "Entertainment"}, {11, "News & Politics"}, {12, "How To"},
      {13, "Education"}, {14, "Activism"},      {15, "Science & Technology"}, {16, "Animals"},
      {17, "Kids"},      {18, "Food"}};
  return v;
}

const std::vector<std::pair<int, const char*>>& video_licences() {
  static const std::vector<std::pair<int, const char*>> v = {
      {1, "Attribution"},
      {2, "Attribution - Share Alike"},
      {3, "Attribution - No Derivatives"},
      {4, "Attribution - Non Commercial"},
      {5, "Attribution - Non Commercial - Share Alike"},
      {6, "Attribution - Non Commercial - No Derivatives"},
      {7, "Public Domain Dedication"},
      {8, "Free of known copyright restrictions"},
      {9, "All Rights Reserved"}};
  return v;
}

const std::vector<std::pair<const char*, const char*>>& video_languages() {
  static const std::vector<std::pair<const char*, const char*>> v = {
#include "media/video_languages.inc"
  };
  return v;
}

const std::vector<std::pair<int, const char*>>& video_privacies() {
  static const std::vector<std::pair<int, const char*>> v = {
      {1, "Public"}, {2, "Unlisted"}, {3, "Private"}, {4, "Internal"}, {5, "Password protected"}};
  return v;
}

const char* video_state_label(int state) {
  switch (state) {
    case 1: return "Published";
    case 2: return "To transcode";
    case 3: return "To import";
    case 4: return "Waiting for livestream";
    case 5: return "Livestream ended";
    case 6: return "To move to an external storage";
    case 7: return "Transcoding failed";
    case 8: return "External storage move failed";
    case 9: return "To edit";
    case 10: return "To move to file system";
    case 11: return "Move to file system failed";
    case 12: return "Import failed";
    default: return "Unknown";
  }
}

const char* comments_policy_label(int policy) {
  switch (policy) {
    case 1: return "Enabled";
    case 2: return "Disabled";
    case 3: return "Requires approval";
    default: return "Unknown";
  }
}

template <class List, class Key>
static std::optional<std::string> find_label(const List& list, const Key& key) {
  for (const auto& [k, label] : list)
    if (k == key) return std::string(label);
  return std::nullopt;
}

std::optional<std::string> category_label(int id) { return find_label(video_categories(), id); }
std::optional<std::string> licence_label(int id) { return find_label(video_licences(), id); }
std::optional<std::string> privacy_label(int id) { return find_label(video_privacies(), id); }
std::optional<std::string> language_label(const std::string& code) {
  for (const auto& [k, label] : video_languages())
    if (code == k) return std::string(label);
  return std::nullopt;
}

std::string resolution_label(int resolution) { return resolution == 0 ? "Audio" : std::to_string(resolution) + "p"; }

}  // namespace vv::api
