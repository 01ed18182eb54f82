// Request parsing with PeerTube's validation rules: bodies may be JSON or
// form-encoded, every field is type-checked, failures become 400 with
// `invalid-params` naming the field.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "http/message.h"
#include "model/account.h"

namespace vv::api {

// The body as a JSON object: JSON bodies are parsed, form-encoded bodies are
// turned into an object of strings. Empty body = empty object.
boost::json::object body_object(const http::Request& req);

// Field readers: nullopt when absent (or JSON null where `null_ok`), throw
// invalid_param when present with the wrong type or out of bounds.
std::optional<std::string> opt_string(const boost::json::object& o, const char* field, size_t min_len, size_t max_len);
std::string req_string(const boost::json::object& o, const char* field, size_t min_len, size_t max_len);
std::optional<bool> opt_bool(const boost::json::object& o, const char* field);
std::optional<int64_t> opt_int(const boost::json::object& o, const char* field, int64_t min, int64_t max);

// start/count/sort from the query string; sort must be one of `sorts` (each
// also allowed with a leading '-').
model::Page page_from_query(const http::Request& req, const std::vector<std::string>& sorts,
                            const std::string& default_sort = "-createdAt");

// PeerTube's name rules.
bool valid_username(const std::string& s);      // PeerTube's actor name rule
bool valid_channel_name(const std::string& s);  // same rule
bool valid_email(const std::string& s);
bool valid_password(const std::string& s);      // 6..255

int64_t parse_id(const std::string& s);  // throws 400 for a non-number

}  // namespace vv::api
