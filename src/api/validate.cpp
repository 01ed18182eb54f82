#include "api/validate.h"

#include <boost/json.hpp>

#include "core/api_error.h"

namespace vv::api {

namespace json = boost::json;

json::object body_object(const http::Request& req) {
  if (req.body.empty()) return {};
  std::string ct = http::to_lower(req.header("content-type"));
  if (ct.starts_with("application/x-www-form-urlencoded")) {
    json::object o;
    for (auto& [k, v] : http::parse_urlencoded(req.body)) o[k] = v;
    return o;
  }
  boost::system::error_code ec;
  json::value v = json::parse(req.body, ec);
  if (ec) throw ApiError(400, "Malformed JSON body: " + ec.message());
  if (!v.is_object()) throw ApiError(400, "The body must be a JSON object");
  return std::move(v.as_object());
}

static size_t utf8_length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::optional<std::string> opt_string(const json::object& o, const char* field, size_t min_len, size_t max_len) {
  auto it = o.find(field);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_string()) throw invalid_param(field, "Should be a string", "body", it->value());
  std::string s(it->value().as_string());
  size_t len = utf8_length(s);
  if (len < min_len || len > max_len)
    throw invalid_param(field, "Should have a length between " + std::to_string(min_len) + " and " + std::to_string(max_len),
                        "body", it->value());
  if (s.find('\0') != std::string::npos) throw invalid_param(field, "Should not contain a NUL character");
  return s;
}

std::string req_string(const json::object& o, const char* field, size_t min_len, size_t max_len) {
  auto v = opt_string(o, field, min_len, max_len);
  if (!v) throw invalid_param(field, "Should be present");
  return *v;
}

std::optional<bool> opt_bool(const json::object& o, const char* field) {
  auto it = o.find(field);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  if (it->value().is_bool()) return it->value().as_bool();
  if (it->value().is_string()) {  // form bodies carry strings
    const auto& s = it->value().as_string();
    if (s == "true" || s == "1") return true;
    if (s == "false" || s == "0") return false;
  }
  throw invalid_param(field, "Should be a boolean", "body", it->value());
}

std::optional<int64_t> opt_int(const json::object& o, const char* field, int64_t min, int64_t max) {
  auto it = o.find(field);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  const auto& v = it->value();
  int64_t n;
  if (v.is_int64()) n = v.as_int64();
  else if (v.is_uint64() && v.as_uint64() <= static_cast<uint64_t>(INT64_MAX)) n = static_cast<int64_t>(v.as_uint64());
  else if (v.is_double() && v.as_double() == static_cast<double>(static_cast<int64_t>(v.as_double()))) n = static_cast<int64_t>(v.as_double());
  else if (v.is_string()) {
    try {
      size_t pos = 0;
      std::string s(v.as_string());
      n = std::stoll(s, &pos);
      if (pos != s.size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      throw invalid_param(field, "Should be an integer", "body", v);
    }
  } else throw invalid_param(field, "Should be an integer", "body", v);
  if (n < min || n > max)
    throw invalid_param(field, "Should be between " + std::to_string(min) + " and " + std::to_string(max), "body", v);
  return n;
}

int64_t parse_id(const std::string& s) {
  if (s.empty() || s.size() > 18) throw invalid_param("id", "Should be a valid id", "params", boost::json::value(s));
  for (char c : s)
    if (c < '0' || c > '9') throw invalid_param("id", "Should be a valid id", "params", boost::json::value(s));
  return std::stoll(s);
}

model::Page page_from_query(const http::Request& req, const std::vector<std::string>& sorts, const std::string& def) {
  model::Page p;
  p.sort = def;
  auto num = [&](const char* name, int64_t min, int64_t max) -> std::optional<int64_t> {
    auto v = req.query_param(name);
    if (!v) return std::nullopt;
    json::object o{{name, *v}};
    try {
      return opt_int(o, name, min, max);
    } catch (ApiError& e) {
      e.invalid.at(name).as_object()["location"] = "query";
      throw;
    }
  };
  if (auto s = num("start", 0, INT32_MAX)) p.start = *s;
  if (auto c = num("count", 0, 100)) p.count = *c;
  if (auto s = req.query_param("sort")) {
    std::string key = !s->empty() && (*s)[0] == '-' ? s->substr(1) : *s;
    if (std::find(sorts.begin(), sorts.end(), key) == sorts.end())
      throw invalid_param("sort", "Should have a sort value among the allowed ones", "query", boost::json::value(*s));
    p.sort = *s;
  }
  return p;
}

// PeerTube: ^[a-z0-9_]+([a-z0-9_.-]+[a-z0-9_]+)?$, 1 to 50 characters: the
// first and last characters are [a-z0-9_], '.' and '-' only inside.
bool valid_username(const std::string& s) {
  if (s.empty() || s.size() > 50) return false;
  auto edge = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; };
  if (!edge(s.front()) || !edge(s.back())) return false;
  for (char c : s)
    if (!edge(c) && c != '.' && c != '-') return false;
  return true;
}

// Channel actor names follow the same rule as user names.
bool valid_channel_name(const std::string& s) { return valid_username(s); }

bool valid_email(const std::string& s) {
  if (s.size() < 3 || s.size() > 400) return false;
  auto at = s.find('@');
  if (at == 0 || at == std::string::npos || at != s.rfind('@') || at + 1 >= s.size()) return false;
  for (unsigned char c : s)
    if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == ',' || c == ';') return false;
  return s.find('.', at) != std::string::npos && s.back() != '.';
}

bool valid_password(const std::string& s) { return s.size() >= 6 && s.size() <= 255; }

}  // namespace vv::api
