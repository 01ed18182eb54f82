// Configuration: config/default.yaml (documents every key) with the operator's
// file merged over it, then the admin's "custom config" overlay (edited through
// /api/v1/config/custom and stored in the database) merged over that.
//
// Keys are PeerTube's (`listen.port`, `signup.enabled`, ...). A Config is
// immutable once built; a change builds a new one and swaps it (see
// ConfigHolder), so readers never lock for longer than a shared_ptr copy.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace vv {

class Config {
public:
  // Loads `default_path`, merges `user_path` (may be empty) over it.
  static Config load(const std::filesystem::path& default_path,
                     const std::filesystem::path& user_path);
  static Config from_yaml(const std::string& default_yaml, const std::string& user_yaml = {});

  // Returns a copy with `overlay` deep-merged over this configuration.
  Config with_overlay(const YAML::Node& overlay) const;

  // Dotted-path accessors; a missing or null key returns the default.
  YAML::Node node(std::string_view path) const;
  bool has(std::string_view path) const;
  std::string str(std::string_view path, const std::string& def = {}) const;
  int64_t integer(std::string_view path, int64_t def = 0) const;
  double number(std::string_view path, double def = 0) const;
  bool boolean(std::string_view path, bool def = false) const;
  // PeerTube durations: a number of milliseconds or "10 seconds", "2 hours", "1 day".
  int64_t duration_ms(std::string_view path, int64_t def = 0) const;
  // PeerTube sizes: a number of bytes, -1 (unlimited) or "100MB", "5 GB".
  int64_t bytes(std::string_view path, int64_t def = 0) const;

  // storage.root, absolute.
  std::filesystem::path storage_root() const;
  // A `storage.*` directory, resolved under storage.root when relative.
  std::filesystem::path storage_dir(std::string_view key) const;

  // Public URL of this instance, e.g. "http://127.0.0.1:9000" (no trailing slash).
  std::string webserver_url() const;
  // "host" or "host:port" as it appears in handles and ActivityPub ids.
  std::string webserver_host() const;

  const YAML::Node& root() const { return root_; }

private:
  YAML::Node root_;
};

int64_t parse_duration_ms(const std::string& text);  // throws std::invalid_argument
int64_t parse_bytes(const std::string& text);         // throws std::invalid_argument

// Deep merge of `over` into a clone of `base`: maps merge key by key, anything
// else in `over` replaces.
YAML::Node merge_yaml(const YAML::Node& base, const YAML::Node& over);

// The live configuration, swapped atomically when the admin edits it.
class ConfigHolder {
public:
  explicit ConfigHolder(Config base) : base_(std::move(base)), current_(std::make_shared<Config>(base_)) {}
  std::shared_ptr<const Config> get() const {
    std::lock_guard lock(mutex_);
    return current_;
  }
  const Config& base() const { return base_; }
  // Rebuilds the live config as base + overlay; bumps the generation.
  void apply_overlay(const YAML::Node& overlay);
  uint64_t generation() const {
    std::lock_guard lock(mutex_);
    return generation_;
  }

private:
  const Config base_;
  mutable std::mutex mutex_;
  std::shared_ptr<const Config> current_;
  uint64_t generation_ = 0;
};

}  // namespace vv
