// JSON views of model rows, in the shapes of @peertube/peertube-types
// (Account, VideoChannel, User, ActorImage).
#pragma once
#include <boost/json/object.hpp>

#include "model/account.h"
#include "model/user.h"

namespace vv::api {

boost::json::array images_json(const std::vector<model::ActorImage>& images, const std::string& base_url);
boost::json::object account_json(const model::Account& a, const std::string& base_url, const std::string& local_host);
boost::json::object account_summary_json(const model::Account& a, const std::string& base_url, const std::string& local_host);
boost::json::object channel_json(const model::Channel& c, const std::string& base_url, const std::string& local_host);
boost::json::object channel_summary_json(const model::Channel& c, const std::string& base_url, const std::string& local_host);
// `channels` become videoChannels; `me` adds the fields only the user sees.
boost::json::object user_json(const model::User& u, const model::Account& account,
                              const std::vector<model::Channel>& channels, const std::string& base_url,
                              const std::string& local_host, bool me);

// Lists: {"total": n, "data": [...]}
boost::json::object list_json(int64_t total, boost::json::array data);

}  // namespace vv::api
