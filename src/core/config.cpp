#include "core/config.h"

#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vv {

YAML::Node merge_yaml(const YAML::Node& base, const YAML::Node& over) {
  if (!over || over.IsNull()) return YAML::Clone(base);
  if (!base || !base.IsMap() || !over.IsMap()) return YAML::Clone(over);
  YAML::Node out = YAML::Clone(base);
  for (const auto& kv : over) {
    const std::string key = kv.first.as<std::string>();
    out[key] = out[key] ? merge_yaml(out[key], kv.second) : YAML::Clone(kv.second);
  }
  return out;
}

Config Config::load(const std::filesystem::path& default_path, const std::filesystem::path& user_path) {
  Config c;
  c.root_ = YAML::LoadFile(default_path.string());
  if (!user_path.empty()) c.root_ = merge_yaml(c.root_, YAML::LoadFile(user_path.string()));
  return c;
}

Config Config::from_yaml(const std::string& default_yaml, const std::string& user_yaml) {
  Config c;
  c.root_ = YAML::Load(default_yaml);
  if (!user_yaml.empty()) c.root_ = merge_yaml(c.root_, YAML::Load(user_yaml));
  return c;
}

Config Config::with_overlay(const YAML::Node& overlay) const {
  Config c;
  c.root_ = merge_yaml(root_, overlay);
  return c;
}

YAML::Node Config::node(std::string_view path) const {
  // yaml-cpp's operator[] on a const node never inserts; walk a chain of
  // clones-by-reference (cheap: nodes are handles).
  YAML::Node cur = root_;
  size_t start = 0;
  while (start <= path.size()) {
    size_t dot = path.find('.', start);
    std::string key(path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (!cur.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    const YAML::Node& ccur = cur;
    YAML::Node next = ccur[key];
    if (!next) return YAML::Node(YAML::NodeType::Undefined);
    cur.reset(next);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return cur;
}

bool Config::has(std::string_view path) const {
  auto n = node(path);
  return n.IsDefined() && !n.IsNull();
}

std::string Config::str(std::string_view path, const std::string& def) const {
  auto n = node(path);
  if (!n.IsDefined() || n.IsNull() || !n.IsScalar()) return def;
  return n.as<std::string>();
}

int64_t Config::integer(std::string_view path, int64_t def) const {
  auto n = node(path);
  if (!n.IsDefined() || n.IsNull() || !n.IsScalar()) return def;
  try {
    return n.as<int64_t>();
  } catch (const YAML::Exception&) {
    return def;
  }
}

double Config::number(std::string_view path, double def) const {
  auto n = node(path);
  if (!n.IsDefined() || n.IsNull() || !n.IsScalar()) return def;
  try {
    return n.as<double>();
  } catch (const YAML::Exception&) {
    return def;
  }
}

bool Config::boolean(std::string_view path, bool def) const {
  auto n = node(path);
  if (!n.IsDefined() || n.IsNull() || !n.IsScalar()) return def;
  try {
    return n.as<bool>();
  } catch (const YAML::Exception&) {
    return def;
  }
}

static std::string lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

int64_t parse_duration_ms(const std::string& text) {
  std::istringstream in(text);
  double amount = 0;
  if (!(in >> amount)) throw std::invalid_argument("bad duration: " + text);
  std::string unit;
  in >> unit;
  unit = lower(unit);
  if (!unit.empty() && unit.back() == 's' && unit != "ms") unit.pop_back();
  double factor;
  if (unit.empty() || unit == "ms" || unit == "millisecond") factor = 1;
  else if (unit == "second" || unit == "sec") factor = 1000;
  else if (unit == "minute" || unit == "min") factor = 60'000;
  else if (unit == "hour" || unit == "h") factor = 3'600'000;
  else if (unit == "day" || unit == "d") factor = 86'400'000;
  else if (unit == "week" || unit == "w") factor = 7 * 86'400'000.0;
  else if (unit == "month") factor = 30 * 86'400'000.0;
  else if (unit == "year" || unit == "y") factor = 365 * 86'400'000.0;
  else throw std::invalid_argument("bad duration unit: " + text);
  return static_cast<int64_t>(amount * factor);
}

int64_t parse_bytes(const std::string& text) {
  std::istringstream in(text);
  double amount = 0;
  if (!(in >> amount)) throw std::invalid_argument("bad size: " + text);
  std::string unit;
  in >> unit;
  unit = lower(unit);
  double factor;
  if (unit.empty() || unit == "b" || unit == "byte" || unit == "bytes") factor = 1;
  else if (unit == "kb") factor = 1024;
  else if (unit == "mb") factor = 1024.0 * 1024;
  else if (unit == "gb") factor = 1024.0 * 1024 * 1024;
  else if (unit == "tb") factor = 1024.0 * 1024 * 1024 * 1024;
  else throw std::invalid_argument("bad size unit: " + text);
  return static_cast<int64_t>(amount * factor);
}

int64_t Config::duration_ms(std::string_view path, int64_t def) const {
  auto s = str(path);
  if (s.empty()) return def;
  try {
    return parse_duration_ms(s);
  } catch (const std::exception&) {
    return def;
  }
}

int64_t Config::bytes(std::string_view path, int64_t def) const {
  auto s = str(path);
  if (s.empty()) return def;
  try {
    return parse_bytes(s);
  } catch (const std::exception&) {
    return def;
  }
}

std::filesystem::path Config::storage_root() const {
  return std::filesystem::absolute(str("storage.root", "data"));
}

std::filesystem::path Config::storage_dir(std::string_view key) const {
  std::filesystem::path p = str(std::string("storage.") + std::string(key));
  if (p.empty()) p = std::string(key);
  return p.is_absolute() ? p : storage_root() / p;
}

std::string Config::webserver_host() const {
  std::string host = str("webserver.hostname", "localhost");
  int64_t port = integer("webserver.port", 80);
  bool https = boolean("webserver.https", false);
  if ((https && port == 443) || (!https && port == 80)) return host;
  return host + ":" + std::to_string(port);
}

std::string Config::webserver_url() const {
  return std::string(boolean("webserver.https", false) ? "https://" : "http://") + webserver_host();
}

void ConfigHolder::apply_overlay(const YAML::Node& overlay) {
  auto next = std::make_shared<Config>(base_.with_overlay(overlay));
  std::lock_guard lock(mutex_);
  current_ = std::move(next);
  ++generation_;
}

}  // namespace vv
